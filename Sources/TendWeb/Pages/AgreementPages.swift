import Foundation
import Plot
import TendApp
import TendCore

/// Writing, reading and revising the boundaries agreement.
enum AgreementPages {
    static let statement = "This massage is not foreplay, and penetration is not expected."

    static func show(current: AgreementRecord?, history: [AgreementRecord], chrome: Chrome) -> String {
        Layout.page(
            title: "Your agreement", chrome: chrome,
            .h1("Your boundaries agreement"),
            .p("Before a partner session, agree together how it will go. Saying these things out loud is part of the practice: it lowers tension before any touch begins."),
            .unwrap(current, { record in
                .group(
                    .p(.class("hint"), .text("Saved \(HistoryPage.dateText(record.savedAt)).")),
                    summary(record.agreement),
                    .p(.a(.class("button primary"), .href(SiteRoute.agreementEdit.path), "Revise it"))
                )
            }, else: .group(
                .p("You have not written one yet."),
                .p(.a(.class("button primary"), .href(SiteRoute.agreementEdit.path), "Write it together"))
            )),
            .p(.class("hint"), "In a partner session, your partner will read and confirm it on their own device before you begin."),
            .p(.text("Worth reading together: "), .a(.href(SiteRoute.article("talking-with-a-partner").path), "talking with a partner"),
                .text(" · "), .a(.href(SiteRoute.article("the-givers-side").path), "the giver's side")),
            .p(.a(.href(SiteRoute.home.path), "Back home")),
            .if(history.count > 1, .section(
                .h2("Earlier versions"),
                .forEach(history.dropFirst()) { record in
                    .element(named: "details", nodes: [
                        .element(named: "summary", text: "Version of \(HistoryPage.dateText(record.savedAt))"),
                        summary(record.agreement),
                    ])
                }
            ))
        )
    }

    static func summary(_ agreement: BoundariesAgreement) -> Node<HTML.BodyContext> {
        .element(named: "dl", nodes: [
            item("Length", "\(agreement.durationMinutes) minutes"),
            item("Positions", agreement.positions),
            item("“Pause” is signalled by", agreement.pauseSignal),
            item("“Hold still” is signalled by", agreement.holdStillSignal),
            item("“End” is signalled by", agreement.endSignal),
            item("What helps", agreement.giverHelp),
            item("Feedback", agreement.feedbackStyle == .painScale ? "A pain scale from 1 to 5" : "“Softer” or “firmer”"),
            .group(.element(named: "dt", text: "What each pain level means"),
                .element(named: "dd", nodes: [.ol(.class("pain-legend"),
                    .forEach(Array(agreement.painMeanings.enumerated())) { .li(.text("\($0.offset + 1) · \($0.element)")) })])),
            item("Asking “ready for the next point?”", agreement.giverMayAskIfReady
                ? "The giver may ask; the receiver still decides." : "The giver does not ask; the receiver moves on when ready."),
            item("Anything else", agreement.anythingElse.isEmpty ? "—" : agreement.anythingElse),
            item("The giver's own limits and needs", agreement.giverNeeds.isEmpty ? "—" : agreement.giverNeeds),
            item("Together we agree", statement),
        ])
    }

    private static func item(_ term: String, _ value: String) -> Node<HTML.BodyContext> {
        .group(.element(named: "dt", text: term), .element(named: "dd", text: value))
    }

    /// The agreement form. `then` is where saving leads (a partner session waiting for it).
    static func edit(_ agreement: BoundariesAgreement, problems: [AgreementProblem], then: String? = nil, chrome: Chrome) -> String {
        func problem(_ field: AgreementField) -> Node<HTML.FormContext> {
            .unwrap(problems.first { $0.field == field }) { .element(named: "p", nodes: [
                Node<HTML.BodyContext>.attribute(named: "class", value: "form-error"), .attribute(named: "role", value: "alert"), .text($0.message),
            ]) }
        }
        func area(_ field: AgreementField, _ label: String, _ value: String, hint: String) -> Node<HTML.FormContext> {
            .group(
                .label(.for(field.rawValue), .text(label)),
                .p(.class("hint"), .text(hint)),
                problem(field),
                .textarea(.name(field.rawValue), .id(field.rawValue), .attribute(named: "rows", value: "2"), .text(value))
            )
        }
        return Layout.page(
            title: "Write your agreement", chrome: chrome,
            .h1("Write your agreement together"),
            .p("Take your time. The person receiving decides every answer; the giver listens and asks."),
            .if(!problems.isEmpty, Layout.formError("A few answers need attention — see below.")),
            .if(then != nil, .p(.class("hint"), "Your partner session is waiting: once you save, you go straight back to it.")),
            .form(
                .method(.post), .action(SiteRoute.agreement.path), .class("stack"),
                Layout.csrfField(chrome),
                .unwrap(then) { .input(.type(.hidden), .name("then"), .value(attributeText($0))) },
                .label(.for("durationMinutes"), "1. How long will the massage last? (minutes)"),
                problem(.durationMinutes),
                .input(.type(.number), .name("durationMinutes"), .id("durationMinutes"), .value("\(agreement.durationMinutes)"),
                    .attribute(named: "min", value: "\(BoundariesAgreement.durationRange.lowerBound)"),
                    .attribute(named: "max", value: "\(BoundariesAgreement.durationRange.upperBound)")),
                area(.positions, "2. Which positions?", agreement.positions, hint: "Both of you comfortable and relaxed, with support where it helps."),
                area(.pauseSignal, "3a. How will the receiver signal “pause”?", agreement.pauseSignal, hint: "A word, a tap, a hand on the arm — or the pause button in Tend."),
                area(.holdStillSignal, "3b. How will the receiver signal “hold still”?", agreement.holdStillSignal, hint: "Stay exactly where you are, without moving."),
                area(.endSignal, "3c. How will the receiver signal “end”?", agreement.endSignal, hint: "Ending is always allowed and never needs a reason."),
                area(.giverHelp, "4. What can the giver do or say to help?", agreement.giverHelp, hint: "For example: remind me to breathe out, tell me I'm doing well, keep your hand warm and still."),
                .element(named: "fieldset", nodes: [
                    Node<HTML.BodyContext>.element(named: "legend", text: "5. Which feedback helps guide the touch?"),
                    .label(.class("check"), .input(.type(.radio), .name("feedbackStyle"), .value("painScale"), .checked(agreement.feedbackStyle == .painScale)),
                        .text(" A pain scale from 1 to 5")),
                    .label(.class("check"), .input(.type(.radio), .name("feedbackStyle"), .value("softerFirmer"), .checked(agreement.feedbackStyle == .softerFirmer)),
                        .text(" “Softer” or “firmer”")),
                ]),
                Layout.fieldset(
                    "5b. What each level of the pain scale means (shown on both phones)",
                    .forEach(Array(agreement.painMeanings.enumerated()), { index, meaning in
                        .group(
                            .label(.for("painMeaning\(index + 1)"), .text("Level \(index + 1)")),
                            .unwrap(problems.first { $0.field == .painMeanings && $0.level == index + 1 }) {
                                .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text($0.message))
                            },
                            .input(.type(.text), .name("painMeaning\(index + 1)"), .id("painMeaning\(index + 1)"), .value(attributeText(meaning)))
                        )
                    })
                ),
                .label(.class("check"), .input(.type(.checkbox), .name("giverMayAskIfReady"), .value("yes"), .checked(agreement.giverMayAskIfReady)),
                    .text(" The giver may ask “ready for the next point?” (the receiver still decides)")),
                area(.anythingElse, "6. Anything else that helps you feel safe and cared for? (optional)", agreement.anythingElse, hint: "Music, light, a blanket, words you like to hear."),
                area(.giverNeeds, "7. And the giver: your own limits and what you need (optional)", agreement.giverNeeds,
                    hint: "Giving touch asks something of you too: a comfortable position, a break when your hand tires, your own feelings heard afterwards. See the giver's side in Learn."),
                problem(.notForeplayAgreed),
                .label(.class("check statement"), .input(.type(.checkbox), .name("notForeplayAgreed"), .value("yes"), .checked(agreement.notForeplayAgreed)),
                    .text(" We both agree: \(statement)")),
                .button(.type(.submit), .class("primary"), then == nil ? "Save our agreement" : "Save and go back to the session")
            ),
            .p(.a(.href(then ?? SiteRoute.agreement.path), then == nil ? "Back to the agreement, unchanged" : "Back to the session, unchanged"))
        )
    }

    /// What each pain level 1–5 means: as agreed, or the gentle defaults.
    static func painMeanings(_ agreement: BoundariesAgreement?) -> [String] {
        agreement?.painMeanings ?? BoundariesAgreement.defaultPainMeanings
    }

    /// A blank agreement with gentle defaults.
    static let blank = BoundariesAgreement(
        durationMinutes: 60, positions: "", pauseSignal: "", holdStillSignal: "", endSignal: "", giverHelp: "",
        feedbackStyle: .painScale, anythingElse: "", notForeplayAgreed: false)
}
