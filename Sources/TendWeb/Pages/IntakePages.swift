import Foundation
import Plot
import TendApp
import TendCore
import TendStore

/// The self-assessment, its result, and preparing for appointments.
enum IntakePages {
    static let situations = ["When I am alone", "With a partner", "At medical examinations", "With tampons"]

    static func form(previous: [StoredRecord<IntakeRecord>], problem: String?, chrome: Chrome) -> String {
        Layout.page(
            title: "How things are for you", chrome: chrome,
            .h1("How things are for you"),
            .p("A few gentle questions. There are no wrong answers and you can skip anything. Your answers are sealed with your passphrase; they help Tend suggest where to begin, and show change over time if you answer again later."),
            Layout.formError(problem),
            .form(
                .method(.post), .action(SiteRoute.intake.path), .class("stack intake"),
                Layout.csrfField(chrome),
                Layout.fieldset(
                    "At the moment, can anything go in at all?",
                    radio("extent", "total", "No, nothing can go in"),
                    radio("extent", "partial", "Yes, but it hurts or feels very tight"),
                    radio("extent", "unsure", "I'm not sure, or I haven't tried", checked: true)
                ),
                Layout.fieldset(
                    "Since when?",
                    radio("onset", "always", "It has always been this way"),
                    radio("onset", "later", "It began later"),
                    radio("onset", "unsure", "I'm not sure", checked: true)
                ),
                .label(.for("onsetDescription"), "If it began later, when or after what? (optional)"),
                .input(.type(.text), .name("onsetDescription"), .id("onsetDescription")),
                Layout.fieldset(
                    "When does it happen? (tick any)",
                    .forEach(situations.indices) { checkbox("situation\($0)", situations[$0]) }
                ),
                Layout.fieldset(
                    "What might have played a part? (tick any, or none)",
                    .forEach(Contributor.allCases) { checkbox("contributor-\($0.rawValue)", $0.label) }
                ),
                Layout.fieldset(
                    "For anything you have tried: how anxious, and how painful? (0 none, 10 worst)",
                    .forEach(PenetrationType.allCases) { type in
                        .div(
                            .class("experience"),
                            .p(.strong(.text(type.label))),
                            scale("anxiety-\(type.rawValue)", "Anxiety"),
                            scale("pain-\(type.rawValue)", "Pain")
                        )
                    }
                ),
                .button(.type(.submit), .class("primary"), "See what Tend suggests")
            ),
            .if(!previous.isEmpty, history(previous))
        )
    }

    static func result(_ record: IntakeRecord, chrome: Chrome) -> String {
        let suggestions = Triage.suggestions(for: record.intake)
        let referral = suggestions.contains { $0.guidance == .seeGPAndPhysiotherapist }
        return Layout.page(
            title: "What Tend suggests", chrome: chrome,
            .h1("Thank you for answering"),
            .p("This is not a diagnosis — only a clinician can examine you. These are suggestions for where to begin."),
            .if(referral, .section(
                .class("card referral"),
                .h2("Please see a GP and a pelvic-health physiotherapist"),
                .p("A pelvic-health physiotherapist specialises in the muscles of the pelvic floor. Together with a GP (your family doctor) they can check that nothing else needs care, and can offer things Tend cannot: hands-on physiotherapy, self-massage homework, dilators, and in some cases injections. Many people practise with Tend alongside them."),
                .p(.a(.href(SiteRoute.appointments.path), "How to prepare for the appointment"))
            )),
            suggestions.isEmpty
                ? .p(.text(Triage.noSuggestionsText(for: record.intake)))
                : .ul(.class("suggestions"), .forEach(suggestions.filter { $0.guidance != .seeGPAndPhysiotherapist }) { suggestion in
                    .li(
                        .strong(.text(suggestion.title)), .text(" — \(suggestion.reason)"),
                        .if(!suggestion.articles.isEmpty, .group(.text(" "), .forEach(suggestion.articles) { slug in
                            .a(.class("read-more"), .href(SiteRoute.article(slug).path), .text("Read: \(slug.replacingOccurrences(of: "-", with: " "))"))
                        }))
                    )
                }),
            .if(referral, .p(.class("hint"), .text(suggestions.first { $0.guidance == .seeGPAndPhysiotherapist }?.reason ?? ""))),
            .p(.a(.href(SiteRoute.home.path), "Back home"), .text(" · "), .a(.href(SiteRoute.intake.path), "Your answers over time"))
        )
    }

    static func appointments(chrome: Chrome) -> String {
        Layout.page(
            title: "Preparing for an appointment", chrome: chrome,
            .h1("Preparing for an appointment"),
            .p("Check-ups — smear tests, STI checks, a first visit about pain — are worth going to, and you can shape how they go. You are allowed to be in charge of your own body at every appointment."),
            .h2("What you might say"),
            .ul(
                .li("“I have pain and tightness when anything goes in, and examinations are painful or frightening for me.”"),
                .li("“Please tell me before you do anything, and stop straight away if I say stop.”"),
                .li("“I'd like to see a pelvic-health physiotherapist. Can you refer me?”")
            ),
            .p(.class("hint"), .text("Put it in your own words; you don't need a name for it. More in "),
                .a(.href(SiteRoute.article("examinations-and-smear-tests").path), "examinations and smear tests"), .text(".")),
            .h2("What you might ask"),
            .ul(
                .li("Is an internal examination needed today, or can it wait until I am ready?"),
                .li("Could you use the smallest speculum, and plenty of lubricant?"),
                .li("Could I insert the speculum myself, or guide your hand?"),
                .li("What would a pelvic-health physiotherapist do, and how do I find one?")
            ),
            .h2("Taking charge in the room"),
            .ul(
                .li("You can stop at any moment. Agree a word or a raised hand beforehand."),
                .li("Ask for a position that feels safer: on your side, or with your knees up and feet together."),
                .li("Bring a support person, or ask for a chaperone."),
                .li("Breathe out slowly when anything is inserted, and let your jaw hang loose."),
                .li("It's fine to say “not today” and book another time.")
            ),
            .p(.class("hint"), "You can print this page and take it with you.")
        )
    }

    // MARK: - Pieces

    private static func history(_ previous: [StoredRecord<IntakeRecord>]) -> Node<HTML.BodyContext> {
        .section(
            .h2("Your earlier answers"),
            .table(
                .tr(.th("Date"), .th("Pain (tampon / finger / partner)")),
                .forEach(previous) { stored in
                    let pains = [PenetrationType.tampon, .finger, .partner].map { stored.value.intake.experiences[$0]?.pain.map(String.init) ?? "—" }
                    return .tr(
                        .td(.a(.href(SiteRoute.intakeResult(stored.id).path), .text(HistoryPage.dateText(stored.value.takenAt)))),
                        .td(.text(pains.joined(separator: " / ")))
                    )
                }
            )
        )
    }

    private static func radio(_ name: String, _ value: String, _ text: String, checked: Bool = false) -> Node<HTML.BodyContext> {
        .label(.class("check"), .input(.type(.radio), .name(name), .value(value), .checked(checked)), .text(" \(text)"))
    }

    private static func checkbox(_ name: String, _ text: String) -> Node<HTML.BodyContext> {
        .label(.class("check"), .input(.type(.checkbox), .name(name), .value("on")), .text(" \(text)"))
    }

    private static func scale(_ name: String, _ label: String) -> Node<HTML.BodyContext> {
        selectField(name, label: label, options: [("", "not tried")] + (0...10).map { ("\($0)", "\($0)") }, selected: nil)
    }
}
