import Foundation
import Plot
import TendApp
import TendCore
import TendVault

/// Practitioners' pages (sign-up with an authenticator app, their people, what each shared), and
/// a person's page for the practitioners they share with.
enum PractitionerPages {
    // MARK: - Signing up

    static func signUp(code: OneTimeCode, hosting: Hosting, entered: [String: String] = [:], error: String?, chrome: Chrome) -> String {
        let link = code.authenticatorLink(account: entered["name"].flatMap { $0.isEmpty ? nil : $0 } ?? "practitioner", issuer: "Tend")
        return Layout.page(
            title: "A practitioner's account", chrome: chrome,
            .h1("A practitioner's account"),
            .p("For pelvic-health physiotherapists, educators and others who teach the method. The people you work with can link with you and choose what to share; Tend seals each share so that only you can open it. Nobody here, including the people who run this Tend, can read it."),
            .p("Your account is sealed with your passphrase, like everyone's, and signing in also asks for a six-digit code from an authenticator app on your phone."),
            Layout.formError(error),
            .form(
                .method(.post), .action(SiteRoute.practitionerSignUp.path), .class("stack"),
                Layout.csrfField(chrome),
                SetUpPage.nameField(new: true),
                .label(.for("displayName"), "The name people will see"),
                .input(
                    .type(.text), .name("displayName"), .id("displayName"), .value(entered["displayName"] ?? ""), .required(true),
                    .attribute(named: "maxlength", value: "\(Practitioners.displayNameLimit)"), .attribute(named: "aria-describedby", value: "display-hint")),
                .p(.id("display-hint"), .class("hint"), "For example your name and what you do. People see it before they agree to link with you."),
                .if(hosting == .hosted(.invitation), .group(
                    .label(.for("invitation"), "Invitation code"),
                    .input(.type(.text), .name("invitation"), .id("invitation"), .attribute(named: "autocomplete", value: "off"), .required(true))
                )),
                SetUpPage.passphraseFields(prefix: ""),
                Layout.fieldset(
                    "Your authenticator app",
                    .p("Add this account to an authenticator app: scan the code, or type the key. Then type the six digits it shows."),
                    .unwrap(try? QRCode(text: link)) { .div(.class("qr"), .raw(QRCodeSVG.render($0, label: "A QR code that adds this account to an authenticator app"))) },
                    .p(.class("totp-key"), .text("Key: " + code.base32)),
                    .input(.type(.hidden), .name("codeSecret"), .value(code.base32)),
                    .label(.for("code"), "Six-digit code"),
                    .input(
                        .type(.text), .name("code"), .id("code"), .attribute(named: "inputmode", value: "numeric"),
                        .attribute(named: "autocomplete", value: "off"), .attribute(named: "maxlength", value: "7"), .required(true))
                ),
                .button(.type(.submit), .class("primary"), "Create my practitioner's account")
            ),
            .p(.a(.href(SiteRoute.unlock.path), "I already have an account"))
        )
    }

    // MARK: - The practitioner's own pages

    static func home(people: [LinkView], newCode: (code: String, link: String)?, chrome: Chrome) -> String {
        Layout.page(
            title: "The people you work with", chrome: chrome,
            .h1("The people you work with"),
            .p("Each person chose to link with you, and chooses what to share and for which period. You see exactly that, and can end a link at any time; so can they."),
            .section(
                .class("card"),
                .h2("Link with someone new"),
                .unwrap(newCode, { made in
                    .group(
                        .p("Give them this code. On their Tend, under Sharing, they type it, see your name, and choose whether to link."),
                        .p(.class("pairing-code link-code"), .text(made.code)),
                        .p(.text("Or send them this link, or let them point their phone's camera at the code below; either opens the same question on their Tend:")),
                        .p(.class("hint join-link"), .text(made.link)),
                        .unwrap(try? QRCode(text: made.link)) { .div(.class("qr"), .raw(QRCodeSVG.render($0, label: "A QR code of the link"))) },
                        .p(.class("hint"), "It works once, for a day.")
                    )
                }, else: .p("Make a code to give someone, in person or by message.")),
                Layout.postButton(to: .practitionerLinkCode, label: "Make a link code", chrome: chrome, class: "quiet")
            ),
            .h2("Linked with you"),
            people.isEmpty
                ? .p(.class("empty"), "Nobody yet. When someone links with you, their chosen name appears here.")
                : .ul(.class("people"), .forEach(people) { person in
                    .li(.a(.href(SiteRoute.practitionerPerson(person.id).path), .text(person.name)))
                })
        )
    }

    /// What the practitioner is writing to offer: the ladder as lines, the pace, a note; and, when
    /// asked for, the preview or the problem.
    struct OfferDraft {
        var lines = Steps.usualLadder.steps.map(\.title).joined(separator: "\n")
        var thresholds = StepThresholds.standard
        var note = ""
        var preview: LadderOffer?
        var problem: String?
        var offered = false
    }

    /// The practitioner's own note about a person, and whether it was just saved or refused.
    struct OwnNote {
        var text = ""
        var saved = false
        var problem: String?
    }

    static func person(
        name: String, linkID: String, shares: [(id: String, report: SharedReport)], note: OwnNote, draft: OfferDraft = OfferDraft(),
        waiting: Int = 0, program: Program, chrome: Chrome
    ) -> String {
        Layout.page(
            title: name, chrome: chrome, bodyClass: "report",
            .h1(.text(name)),
            .p(.class("hint"), "What they chose to share, newest first. It is what they wrote down themselves with Tend; it is not a diagnosis, and practice is never counted against anyone."),
            shares.isEmpty
                ? .p(.class("empty"), "Nothing shared yet. They choose what to share, and when.")
                : .forEach(shares) { share in
                    let report = share.report
                    let progress = PracticeProgress(
                        sessions: report.sessions, checkIns: report.checkIns, cycle: report.cycle, program: program,
                        followed: report.followedPrograms(base: program), from: report.from, to: report.to)
                    let steps = report.contents.steps ? report.stepsPlan.map { Steps.overview(plan: $0, practices: report.stepPractices, at: report.madeAt) } : nil
                    let notes = report.contents.notes ? report.checkIns.filter { !$0.note.isEmpty } : []
                    return .element(named: "article", nodes: [
                        .attribute(named: "class", value: "card shared-report"),
                        .h2(.text("\(JournalPages.dayText(report.from)) to \(JournalPages.dayText(report.to))")),
                        .p(.class("hint"), .text(
                            (report.continuous == true ? "Kept up to date by them; last updated \(JournalPages.dayText(Day(report.madeAt)))" : "Shared on \(JournalPages.dayText(Day(report.madeAt)))")
                                + ": \(report.contents.words.joined(separator: ", ")).")),
                        ReportPage.sections(
                            progress, include: report.contents, intake: report.intake, notes: notes, steps: steps, sessions: report.sessions,
                            program: program),
                    ])
                },
            .p(.class("no-print hint"), "Use your browser's Print command to print this page."),
            ownNoteForm(name: name, linkID: linkID, note: note, chrome: chrome),
            .if(waiting > 0, .p(.class("hint no-print"), .attribute(named: "role", value: "status"), .text(
                (waiting == 1 ? "One suggestion from you is" : "\(waiting) suggestions from you are")
                    + " waiting for their answer. They read each one and choose; nothing changes for them unless they take it on."))),
            offerForm(name: name, linkID: linkID, draft: draft, chrome: chrome),
            .section(
                .class("card no-print"),
                .h2("Offer a programme for their sessions"),
                .p(.text("Write the sessions you suggest: the parts, the suggested times, the words for each person and the points of each gate. \(name) reads it and chooses.")),
                .a(.class("button"), .href(SiteRoute.practitionerProgramme(linkID).path), "Write a programme")
            ),
            Layout.postButton(to: .practitionerEndLink(linkID), label: "End this link (everything they shared is deleted)", chrome: chrome, class: "quiet no-print")
        )
    }

    private static func ownNoteForm(name: String, linkID: String, note: OwnNote, chrome: Chrome) -> Node<HTML.BodyContext> {
        .section(
            .class("card no-print"), .id("own-note"),
            .h2("Your own notes"),
            .p(.class("hint"), .text("Only you can read these: they are sealed in your own space, and \(name) does not see them.")),
            .if(note.saved, .p(.class("saved"), .attribute(named: "role", value: "status"), "Saved.")),
            Layout.formError(note.problem),
            .form(
                .method(.post), .action(SiteRoute.practitionerOwnNote(linkID).path), .class("stack"),
                Layout.csrfField(chrome),
                .label(.for("own-note-text"), "Notes"),
                .textarea(.name("note"), .id("own-note-text"), .attribute(named: "rows", value: "5"),
                    .attribute(named: "maxlength", value: "\(Practitioners.ownNoteLimit)"), .text(note.text)),
                .button(.type(.submit), "Save my notes")
            )
        )
    }

    private static func offerForm(name: String, linkID: String, draft: OfferDraft, chrome: Chrome) -> Node<HTML.BodyContext> {
        .section(
            .class("card no-print"), .id("offer"),
            .h2("Offer a steps ladder"),
            .p(.text("Write the steps one per line, in order. A line naming a usual step (\"A slim tampon\") is that step; \"Dilator 12 mm\" is a dilator of that width; anything else is a step in your words. \(name) reads it and chooses whether to take it on; the steps they have practised stay theirs.")),
            .if(draft.offered, .p(.class("saved"), .attribute(named: "role", value: "status"), "Offered. It waits for their answer.")),
            Layout.formError(draft.problem),
            .unwrap(draft.preview) { ladderPreview($0, heading: "Preview") },
            .form(
                .method(.post), .action(SiteRoute.practitionerOffer(linkID).path), .class("stack"),
                Layout.csrfField(chrome),
                .label(.for("ladder"), "Steps, one per line"),
                .textarea(.name("ladder"), .id("ladder"), .attribute(named: "rows", value: "8"), .text(draft.lines)),
                StepsPages.paceFields(draft.thresholds),
                .label(.for("note"), "A few words for them (optional)"),
                .textarea(.name("note"), .id("note"), .attribute(named: "maxlength", value: "\(Practitioners.noteLimit)"), .text(draft.note)),
                .div(
                    .class("actions"),
                    .button(.type(.submit), .name("action"), .value("preview"), "Preview"),
                    .button(.type(.submit), .name("action"), .value("offer"), .class("primary"), .text("Offer it to \(name)"))
                )
            )
        )
    }

    /// An offered ladder as both sides read it: the steps in order, the pace, the note.
    static func ladderPreview(_ offer: LadderOffer, heading: String) -> Node<HTML.BodyContext> {
        .div(
            .class("ladder-preview"),
            .h3(.text(heading)),
            .ol(.forEach(offer.ladder.visibleSteps) { .li(.text($0.title)) }),
            .p(.class("hint"), .text(offer.thresholds.rhythmWords)),
            .p(.class("hint"), .text("Ready when the last \(offer.thresholds.practicesNeeded) practices stayed at or under anxiety \(offer.thresholds.anxiety) and pain \(offer.thresholds.pain).")),
            .if(!offer.note.isEmpty, .p(.text("“\(offer.note)”")))
        )
    }

    // MARK: - A person's page

    static func sharing(
        practitioners: [LinkedPractitioner], offers: [(id: String, link: LinkView, offer: Offer?)], today: Day, problem: String?,
        chrome: Chrome
    ) -> String {
        Layout.page(
            title: "Sharing with a practitioner", chrome: chrome,
            .h1("Sharing with a practitioner"),
            .p("If a physiotherapist or another practitioner helps you, you can link with them and share what you choose, for the period you choose. Each share is sealed so that only they can open it. You can take a share back, or end the link, at any time."),
            Layout.formError(problem),
            .forEach(offers) { offered in
                switch offered.offer {
                case nil:
                    return .section(
                        .class("card offer"),
                        .h2(.text("A suggestion from \(offered.link.name) could not be read")),
                        .p("It may have been written for another version of Tend, or been damaged. Nothing of yours changes. You can remove it and ask them to send it again."),
                        Layout.postButton(to: .sharingOffer(offered.id), label: "Remove it", chrome: chrome, fields: [("answer", "decline")])
                    )
                case .ladder(let ladder):
                    return .section(
                        .class("card offer"),
                        .h2(.text("\(offered.link.name) suggests a steps ladder")),
                        ladderPreview(ladder, heading: "Their suggestion"),
                        .p(.class("hint"), "Taking it on changes your steps and your pace to these. Steps you have practised stay with their history, hidden if they are not on this ladder; you can arrange everything afterwards as you like."),
                        Layout.postButton(to: .sharingOffer(offered.id), label: "Take this ladder on", chrome: chrome, class: "primary", fields: [("answer", "accept")]),
                        Layout.postButton(to: .sharingOffer(offered.id), label: "No, thank you", chrome: chrome, class: "quiet", fields: [("answer", "decline")])
                    )
                case .program(let program):
                    return .section(
                        .class("card offer"),
                        .h2(.text("\(offered.link.name) suggests a programme for your sessions: \(program.program.name)")),
                        .if(!program.note.isEmpty, .p(.text("“\(program.note)”"))),
                        ProgramPages.preview(program.program, words: false),
                        ProgramPages.readInFull(program.program),
                        .p(.class("hint"), "If you take it on, your new sessions follow it. Nothing you have done changes, and you can go back to Tend's own programme at any time, on the Programmes page."),
                        Layout.postButton(to: .sharingOffer(offered.id), label: "Take this programme on", chrome: chrome, class: "primary", fields: [("answer", "accept")]),
                        Layout.postButton(to: .sharingOffer(offered.id), label: "No, thank you", chrome: chrome, class: "quiet", fields: [("answer", "decline")])
                    )
                }
            },
            .forEach(practitioners) { linked in
                .section(
                    .class("card"),
                    .h2(.text(linked.link.name)),
                    linked.notes.isEmpty
                        ? .p(.class("empty"), "You have not shared anything with them yet.")
                        : .group(
                            .p("What they can see:"),
                            .ul(.forEach(linked.notes) { note in
                                .li(
                                    .text(note.continuousWeeks.map { "Kept up to date, the last \($0) weeks: \(note.contents.words.joined(separator: ", ")) (last updated \(JournalPages.dayText(note.madeOn))) " }
                                        ?? "\(JournalPages.dayText(note.from)) to \(JournalPages.dayText(note.to)): \(note.contents.words.joined(separator: ", ")) (shared on \(JournalPages.dayText(note.madeOn))) "),
                                    Layout.postButton(
                                        to: .sharingWithdraw(linked.link.id), label: "Take this back", chrome: chrome, class: "quiet",
                                        fields: [("share", note.shareID)]))
                            })
                        ),
                    shareForm(linked.link, today: today, chrome: chrome),
                    keepSharingForm(linked, chrome: chrome),
                    Layout.postButton(to: .sharingEnd(linked.link.id), label: "End this link (they will see nothing more)", chrome: chrome, class: "quiet")
                )
            },
            .section(
                .class("card"),
                .h2("Link with a practitioner"),
                .form(
                    .method(.post), .action(SiteRoute.sharingLink.path), .class("stack"),
                    Layout.csrfField(chrome),
                    .label(.for("linkCode"), "The code they gave you"),
                    .input(.type(.text), .name("linkCode"), .id("linkCode"), .attribute(named: "autocomplete", value: "off"),
                        .attribute(named: "autocapitalize", value: "characters"), .required(true)),
                    .button(.type(.submit), .class("primary"), "Look up")
                ),
                .p(.class("hint"), "You will see who it is before anything is linked.")
            )
        )
    }

    private static func shareForm(_ link: LinkView, today: Day, chrome: Chrome) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .element(named: "summary", text: "Share something with \(link.name)"),
            .form(
                .method(.post), .action(SiteRoute.sharingShare(link.id).path), .class("stack"),
                Layout.csrfField(chrome),
                .label(.for("from-\(link.id)"), "From"),
                .input(.type(.date), .name("from"), .id("from-\(link.id)"), .value((today - 83).description)),
                .label(.for("to-\(link.id)"), "To"),
                .input(.type(.date), .name("to"), .id("to-\(link.id)"), .value(today.description)),
                ReportPage.includeFields(legend: "Share"),
                .button(.type(.submit), .class("primary"), "Share this once")
            ),
        ])
    }

    /// Keeping a practitioner up to date: what, and how far back; or stopping.
    private static func keepSharingForm(_ linked: LinkedPractitioner, chrome: Chrome) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .element(named: "summary", text: "Keep \(linked.link.name) up to date as you go"),
            .p(.class("hint"), "Each time you note a check-in, finish a session or practise a step, what you tick here is shared again, sealed as before. Stop whenever you like; what they had is taken back."),
            .form(
                .method(.post), .action(SiteRoute.sharingContinuous(linked.link.id).path), .class("stack"),
                Layout.csrfField(chrome),
                Layout.fieldset(
                    "How far back",
                    .forEach(ContinuousShare.weekChoices) { weeks in
                        .label(
                            .class("check"),
                            .input(.type(.radio), .name("weeks"), .value("\(weeks)"), .checked(weeks == (linked.continuous?.weeks ?? 12))),
                            .text(" The last \(weeks) weeks"))
                    }
                ),
                ReportPage.includeFields(legend: "Keep sharing", prefix: "keep-"),
                .button(.type(.submit), .class("primary"), .text(linked.continuous == nil ? "Keep them up to date" : "Change what they are kept up to date with"))
            ),
            .if(linked.continuous != nil, Layout.postButton(
                to: .sharingContinuous(linked.link.id), label: "Stop keeping them up to date", chrome: chrome, class: "quiet", fields: [("stop", "yes")])),
        ])
    }

    static func confirmLink(code: String, practitioner: String, problem: String?, chrome: Chrome) -> String {
        Layout.page(
            title: "Link with a practitioner", chrome: chrome,
            .h1("Link with a practitioner"),
            .p(.text("This code belongs to: ")),
            .p(.class("practitioner-name"), .strong(.text(practitioner))),
            .p("Linking shares nothing by itself. Afterwards you choose what to share, and for which period; you can end the link at any time."),
            Layout.formError(problem),
            .form(
                .method(.post), .action(SiteRoute.sharingLinkConfirm.path), .class("stack"),
                Layout.csrfField(chrome),
                .input(.type(.hidden), .name("linkCode"), .value(code)),
                .label(.for("pseudonym"), "The name they will know you by"),
                .input(.type(.text), .name("pseudonym"), .id("pseudonym"), .required(true),
                    .attribute(named: "maxlength", value: "\(Practitioners.displayNameLimit)")),
                .p(.class("hint"), "Any name you like; only they can read it."),
                .button(.type(.submit), .class("primary"), "Link with them")
            ),
            .p(.a(.href(SiteRoute.sharing.path), "Not now"))
        )
    }
}
