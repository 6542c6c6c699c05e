import Foundation
import Plot
import TendApp
import TendCore

/// The unlocked home: carry on, start, and the latest sessions.
enum HomePage {
    struct Model {
        let unfinished: PracticeSession?
        let recent: [SessionDigest]
        let program: Program
        let chrome: Chrome
        /// Pain that has kept coming back, if it has.
        var recurring: RecurringPain? = nil
        /// Hosted: practitioners may be linked with, so sharing with one is offered.
        var offersSharing = false
        /// Whether the person took on a programme from a practitioner, so there is one to choose.
        var hasKeptProgrammes = false
        /// The kept programme new sessions follow; nil for Tend's own.
        var following: KeptProgram?
    }

    static func render(_ model: Model) -> String {
        Layout.page(
            title: "Home", chrome: model.chrome,
            .h1(model.recent.isEmpty && model.unfinished == nil ? "Welcome" : "Welcome back"),
            JournalPages.recurringPainNote(model.recurring),
            .unwrap(model.unfinished) { session in
                .section(
                    .class("card"),
                    .h2("Carry on where you left off"),
                    .p(.text("A session from \(HistoryPage.dateText(session.createdAt)) is still open, at \(model.program.describe(session.position ?? model.program.firstPosition)).")),
                    .a(.class("button primary"), .href(SiteRoute.session(session.id).path), "Carry on")
                )
            },
            .section(
                .class("card"),
                .h2("Practise"),
                .p(.text(model.following == nil
                    ? "A session walks through set-up, a long warm-up, two gentle holdings, and the clock face gate by gate. You move on only when you choose; End is always one tap away."
                    : "A session follows the programme you chose, part by part. You move on only when you choose; End is always one tap away.")),
                Layout.postButton(to: .startSession, label: "Start a session", chrome: model.chrome, class: model.unfinished == nil ? "primary" : ""),
                Layout.postButton(to: .startPartnerSession, label: "Start a session with a partner", chrome: model.chrome),
                .if(model.hasKeptProgrammes, .p(
                    .text(model.following.map { "Your sessions follow “\($0.program.name)”, from \($0.offeredBy). " } ?? "Your sessions follow Tend's own programme. "),
                    .a(.href(SiteRoute.programmes.path), "Programmes")
                )),
                .p(
                    .a(.class("button"), .href(SiteRoute.steps.path), "My steps"),
                    .text(" Graded practice: small steps, from a mirror to dilators, each at your own pace.")
                )
            ),
            .section(
                .class("card"),
                .h2("More"),
                .ul(
                    .li(.a(.href(SiteRoute.intake.path), "How things are for you"), .text(" — a few questions, and where to begin")),
                    .li(.a(.href(SiteRoute.progress.path), "Your progress"), .text(" · "),
                        .a(.href(SiteRoute.report.path), "a report for your physiotherapist")),
                    .if(model.offersSharing, .li(.a(.href(SiteRoute.sharing.path), "Sharing with a practitioner"),
                        .text(" — sealed so only they can read it"))),
                    .li(.a(.href(SiteRoute.agreement.path), "Your boundaries agreement"), .text(" — for sessions with a partner")),
                    .li(.a(.href(SiteRoute.practices.path), "Breath, jaw and pelvic-floor practices")),
                    .li(.a(.href(SiteRoute.library.path), "Learn about vaginismus and the practice"))
                )
            ),
            .section(
                .h2("Recent sessions"),
                model.recent.isEmpty
                    ? .p(.class("hint"), "Nothing yet. Your sessions will appear here, visible only to you.")
                    : HistoryPage.list(model.recent),
                .if(!model.recent.isEmpty, .p(.a(.href(SiteRoute.history.path), "All sessions")))
            )
        )
    }
}

/// The welcome page before anything exists.
enum WelcomePage {
    static func render(chrome: Chrome) -> String {
        Layout.page(
            title: "Welcome", chrome: chrome,
            .h1("A quiet place to practise"),
            .p("Tend guides a slow, gentle practice for easing vaginismus, alone or with a partner. You set the pace, and you can stop at any moment."),
            .p("Nothing has been set up on this computer yet. Everything you keep here stays here, sealed with a passphrase only you know."),
            .a(.class("button primary"), .href(SiteRoute.setUp.path), "Set up my private space")
        )
    }
}

/// Every session, newest first.
enum HistoryPage {
    static func render(sessions: [SessionDigest], chrome: Chrome) -> String {
        Layout.page(
            title: "History", chrome: chrome,
            .h1("Your sessions"),
            sessions.isEmpty ? .p(.class("hint"), "No sessions yet.") : list(sessions)
        )
    }

    static func list(_ sessions: [SessionDigest]) -> Node<HTML.BodyContext> {
        .ul(
            .class("session-list"),
            .forEach(sessions) { session in
                .li(.a(
                    .href(SiteRoute.session(session.id).path),
                    .strong(.text(dateText(session.createdAt))),
                    .text(" · \(plainDuration(session.activeSeconds)) · \(summary(session))")
                ))
            }
        )
    }

    static func summary(_ session: SessionDigest) -> String {
        let gates = session.pointGates
        let reach = gates.max().map { "\(gates.count) point\(gates.count == 1 ? "" : "s"), reached gate \($0)" } ?? "no clock-face points"
        return session.isFinished ? reach : "\(reach) · still open"
    }

    static func dateText(_ date: Date) -> String {
        date.formatted(.dateTime.weekday(.abbreviated).day().month(.abbreviated).year().hour().minute())
    }
}
