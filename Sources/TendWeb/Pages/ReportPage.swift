import Foundation
import Plot
import TendApp
import TendCore

/// A printable summary for a clinician. Nothing goes in unless the person ticks it.
enum ReportPage {
    /// What a report holds: the person's ticks (the same when they share it with a practitioner).
    typealias Include = SharedReport.Contents

    /// The ticks of what a report holds, all unticked: for printing, and for sharing with a practitioner.
    /// `prefix` keeps two sets on one page apart (their names differ, as checkbox groups must).
    static func includeFields(legend: String, prefix: String = "") -> Node<HTML.FormContext> {
        func tick(_ name: String, _ label: String) -> Node<HTML.BodyContext> {
            .label(.class("check"), .input(.type(.checkbox), .name(prefix + name), .value("on")), .text(" \(label)"))
        }
        return Layout.fieldset(
            legend,
            tick("intake", "My latest self-assessment answers"),
            tick("map", "Tender points by clock position and gate"),
            tick("trends", "Pain and anxiety week by week, for each kind of penetration"),
            tick("frequency", "How often I practised"),
            tick("sessions", "Each session in brief: when, for how long, which points, how it closed"),
            tick("notes", "My check-in notes from this period"),
            tick("steps", "My steps: where I am, and anxiety and pain for each step")
        )
    }

    static func choices(today: Day, problem: String?, chrome: Chrome) -> String {
        Layout.page(
            title: "A report for your physiotherapist", chrome: chrome,
            .h1("A report for your physiotherapist"),
            .p("A printable page to take to a GP or pelvic-health physiotherapist. Nothing goes into it unless you tick it, and nothing leaves this device unless you print or save it yourself."),
            Layout.formError(problem),
            .form(
                .method(.get), .action(SiteRoute.reportPrint.path), .class("stack"),
                .label(.for("from"), "From"),
                .input(.type(.date), .name("from"), .id("from"), .value((today - 83).description)),
                .label(.for("to"), "To"),
                .input(.type(.date), .name("to"), .id("to"), .value(today.description)),
                includeFields(legend: "Include"),
                .button(.type(.submit), .class("primary"), "Show the report")
            )
        )
    }

    static func render(
        _ progress: PracticeProgress, include: Include, intake: Intake?, notes: [CheckIn], steps: StepsOverview?, sessions: [SessionDigest],
        program: Program, chrome: Chrome
    ) -> String {
        Layout.page(
            title: "Practice summary", chrome: chrome, bodyClass: "report",
            .h1("Practice summary"),
            .p(.text("\(JournalPages.dayText(progress.from)) to \(JournalPages.dayText(progress.to)). Written down by the person themselves with Tend, a practice companion for vaginismus. It records practice and how it felt; it is not a diagnosis.")),
            .p(.class("no-print hint"), "Use your browser's Print command to print this page or save it as a PDF. ", .a(.href(SiteRoute.report.path), "Change what is included")),
            sections(progress, include: include, intake: intake, notes: notes, steps: steps, sessions: sessions, program: program)
        )
    }

    /// The report's figures and words, as the person chose them: on the printable page, and on a
    /// practitioner's screen for what was shared with them.
    static func sections(
        _ progress: PracticeProgress, include: Include, intake: Intake?, notes: [CheckIn], steps: StepsOverview?, sessions: [SessionDigest],
        program: Program
    ) -> Node<HTML.BodyContext> {
        .group(
            .if(include.isEmpty,
                .p(.class("empty"), "Nothing was ticked, so the report is empty. Go back and tick what you want to share.")),
            .if(include.intake && intake != nil, intakeSection(intake)),
            .unwrap(steps) { StepsProgressSection.render($0, period: progress.from...progress.to, heading: "Graded practice (steps)") },
            .if(include.frequency, .section(
                .h2("Practice"),
                .p(.text("\(counted(progress.sessionCount, "session", "sessions")) on \(counted(progress.practiceDays, "day", "days")).")),
                .if(progress.sessionCount > 0, .table(
                    .class("figures"),
                    .thead(.tr(.th("Week of"), .th("Sessions"), .th("Minutes for a point to soften"))),
                    .tbody(.forEach(progress.weeks.filter { $0.sessions > 0 }) { week in
                        .tr(
                            .td(.text(JournalPages.dayText(week.start))), .td("\(week.sessions)"),
                            .td(.text(week.releaseSeconds.map { ProgressPage.figureText($0 / 60) } ?? "—")))
                    })
                ))
            )),
            .if(include.sessions, sessionsSection(sessions.filter { session in
                session.startedAt.map { (progress.from...progress.to).contains(Day($0)) } ?? false
            })),
            .if(include.map && progress.points.contains { $0.inPeriod != nil }, .section(
                .h2("Tender points by clock position"),
                .p(.class("hint"), "Six o'clock is toward the back. Figures are means over the period: tension and pain 0–10, and the time a point took to soften."),
                .forEach(program.gates) { gate in
                    let points = progress.points.filter { $0.gate == gate.number && $0.inPeriod != nil }
                    return .if(!points.isEmpty, .div(
                        .class("gate-maps"),
                        .h3(.text("Gate \(gate.number): \(gate.depth)")),
                        .raw(Charts.clockMap(
                            gate: gate, values: Dictionary(uniqueKeysWithValues: points.compactMap { p in ProgressPage.shade(p.inPeriod).map { (p.hour, $0) } }),
                            label: "Gate \(gate.number) over the period")),
                        .table(
                            .class("figures"),
                            .thead(.tr(.th("Point"), .th("Times"), .th("Tension"), .th("Pain"), .th("Time to soften"))),
                            .tbody(.forEach(points) { point in
                                .tr(
                                    .td("\(point.hour) o'clock"), .td("\(point.inPeriod?.visits ?? 0)"),
                                    .td(.text(ProgressPage.figureText(point.inPeriod?.tension))), .td(.text(ProgressPage.figureText(point.inPeriod?.pain))),
                                    .td(.text(point.inPeriod?.releaseSeconds.map(plainDuration) ?? "—")))
                            })
                        )
                    ))
                }
            )),
            .if(include.trends && progress.weeks.contains { !$0.experiences.isEmpty }, .section(
                .h2("Pain and anxiety by kind of penetration"),
                .forEach(PenetrationType.allCases.filter { kind in progress.weeks.contains { $0.experiences[kind] != nil } }) { kind in
                    .div(
                        .h3(.text(kind.label)),
                        .table(
                            .class("figures"),
                            .thead(.tr(.th("Week of"), .th("Days tried"), .th("Anxiety"), .th("Pain"))),
                            .tbody(.forEach(progress.weeks.filter { $0.experiences[kind] != nil }) { week in
                                let experience = week.experiences[kind]!
                                return .tr(
                                    .td(.text(JournalPages.dayText(week.start))), .td("\(experience.days)"),
                                    .td(.text(ProgressPage.figureText(experience.anxiety))), .td(.text(ProgressPage.figureText(experience.pain))))
                            })
                        )
                    )
                }
            )),
            .if(include.notes && !notes.isEmpty, .section(
                .h2("Notes"),
                .ul(.class("notes"), .forEach(notes.sorted { $0.day < $1.day }) { checkIn in
                    .li(.strong(.text(JournalPages.dayText(checkIn.day) + ": ")), .text(checkIn.note))
                })
            ))
        )
    }

    /// "1 session", "2 sessions".
    static func counted(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \(count == 1 ? one : many)"
    }

    /// Each session of the period in a line: when, for how long, which points, how it closed.
    static func sessionsSection(_ sessions: [SessionDigest]) -> Node<HTML.BodyContext> {
        .section(
            .h2("Each session"),
            sessions.isEmpty
                ? .p(.class("empty"), "No sessions in this period.")
                : .table(
                    .class("figures"),
                    .thead(.tr(.th("When"), .th("Time practising"), .th("Clock points"), .th("How it closed"))),
                    .tbody(.forEach(sessions.sorted { $0.createdAt < $1.createdAt }) { session in
                        let gates = Set(session.pointGates).sorted()
                        let gateWords = (gates.count == 1 ? "gate " : "gates ") + gates.map(String.init).joined(separator: ", ")
                        return .tr(
                            .td(.text(HistoryPage.dateText(session.startedAt ?? session.createdAt))),
                            .td(.text(plainDuration(session.activeSeconds))),
                            .td(.text(session.pointGates.isEmpty ? "none" : "\(session.pointGates.count), at \(gateWords)")),
                            .td(.text(closingWords(session))))
                    })
                )
        )
    }

    /// How a session closed, in plain words: every way is a whole session.
    static func closingWords(_ session: SessionDigest) -> String {
        switch session.closing {
        case .completed: "Went through to the close"
        case .enoughForToday: "Rested and closed: enough for that day"
        case .ended: "Ended when they chose"
        case nil: "Still open"
        }
    }

    static func intakeSection(_ intake: Intake?) -> Node<HTML.BodyContext> {
        .section(
            .h2("Self-assessment"),
            .unwrap(intake, { intake in
                .group(
                    .p(.text("Penetration at the moment: \(extentText(intake.extent)). It has been this way: \(onsetText(intake.onset)).")),
                    .table(
                        .class("figures"),
                        .thead(.tr(.th("Kind"), .th("Anxiety"), .th("Pain"))),
                        .tbody(.forEach(PenetrationType.allCases.filter { intake.experiences[$0] != nil }) { kind in
                            .tr(
                                .td(.text(kind.label)), .td(.text(intake.experiences[kind]?.anxiety.map(String.init) ?? "—")),
                                .td(.text(intake.experiences[kind]?.pain.map(String.init) ?? "—")))
                        })
                    )
                )
            }, else: .p(.class("empty"), "No self-assessment answered yet."))
        )
    }

    static func extentText(_ extent: Extent) -> String {
        switch extent {
        case .total: "not possible at all"
        case .partial: "possible, but painful"
        case .unsure: "not sure or not tried"
        }
    }

    static func onsetText(_ onset: Onset) -> String {
        switch onset {
        case .always: "always"
        case .later: "it began later"
        case .unsure: "not sure"
        }
    }
}
