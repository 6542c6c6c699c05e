import Foundation
import Plot
import TendApp
import TendCore

/// Progress as pictures first, each with its figures as a table beside it.
enum ProgressPage {
    static func render(
        _ progress: PracticeProgress, steps: StepsOverview, period: JournalController.Period, hasAnything: Bool, program: Program,
        chrome: Chrome
    ) -> String {
        Layout.page(
            title: "Progress", chrome: chrome,
            .h1("Progress"),
            .p(.a(.class("button"), .href(SiteRoute.report.path), "Make a report for your physiotherapist")),
            .nav(
                .class("period-choice"), .attribute(named: "aria-label", value: "Period"),
                .forEach(JournalController.Period.allCases) { choice in
                    choice == period
                        ? .strong(.attribute(named: "aria-current", value: "page"), .text(choice.label))
                        : .a(.href(SiteRoute.progress.path + "?period=\(choice.rawValue)"), .text(choice.label))
                }
            ),
            hasAnything
                ? .group(
                    .p(.text(
                        "\(progress.sessionCount) \(progress.sessionCount == 1 ? "session" : "sessions") on \(progress.practiceDays) \(progress.practiceDays == 1 ? "day" : "days"), \(JournalPages.dayText(progress.from)) to \(JournalPages.dayText(progress.to))."
                    )),
                    milestones(progress.milestones),
                    pointMaps(progress, program: program),
                    trends(progress),
                    comfort(progress.comfortByPhase)
                )
                : .p(.class("empty"), "Nothing to show yet. After your first session or check-in, what changes will appear here — slowly, the way practice changes things."),
            steps.hasPractised ? StepsProgressSection.render(steps, period: progress.from...progress.to) : .empty,
            .p(
                .a(.href(SiteRoute.journal.path), "Journal"), .text(" · "), .a(.href(SiteRoute.cycle.path), "Your cycle"), .text(" · "),
                .a(.href(SiteRoute.report.path), "A report for your physiotherapist")
            )
        )
    }

    static func milestones(_ milestones: [PracticeProgress.Milestone]) -> Node<HTML.BodyContext> {
        .section(
            .h2("Along the way"),
            milestones.isEmpty
                ? .p(.class("empty"), "Markers appear here as they happen: a first session, a point that softened, something that felt comfortable.")
                : .ul(.class("milestones"), .forEach(milestones) { .li(.text("\(JournalPages.dayText($0.day)): \($0.words)")) })
        )
    }

    /// The figure a point is coloured by: pain where rated, otherwise tension.
    static func shade(_ figures: PracticeProgress.PointFigures?) -> Double? { figures?.pain ?? figures?.tension }

    static func pointMaps(_ progress: PracticeProgress, program: Program) -> Node<HTML.BodyContext> {
        let gates = program.gates.filter { gate in progress.points.contains { $0.gate == gate.number && ($0.recent != nil || $0.early != nil) } }
        return .section(
            .h2("The clock face, point by point"),
            .p(.class("hint"), "Each point is coloured by the pain you rated there (or tension, where you rated only that): calm colours for low figures, warm ones for high. Hollow points have no rating in that stretch."),
            legend(),
            gates.isEmpty
                ? .p(.class("empty"), "No clock points practised in the last four weeks or the first four.")
                : .forEach(gates) { gate in
                    let points = progress.points.filter { $0.gate == gate.number }
                    func values(_ pick: (PracticeProgress.PointSummary) -> PracticeProgress.PointFigures?) -> [Int: Double] {
                        Dictionary(uniqueKeysWithValues: points.compactMap { point in shade(pick(point)).map { (point.hour, $0) } })
                    }
                    return .div(
                        .class("gate-maps"),
                        .h3("Gate \(gate.number)"),
                        .div(
                            .class("map-pair"),
                            .if(progress.earlyWindow != nil, figure(
                                Charts.clockMap(gate: gate, values: values(\.early), label: "Gate \(gate.number), your first four weeks"),
                                caption: "Your first four weeks")),
                            figure(
                                Charts.clockMap(gate: gate, values: values(\.recent), label: "Gate \(gate.number), the last four weeks"),
                                caption: "The last four weeks")
                        ),
                        pointTable(points, comparing: progress.earlyWindow != nil)
                    )
                }
        )
    }

    /// A picture with its caption. (Plot offers no `figure` element.)
    static func figure(_ svg: String, caption: String) -> Node<HTML.BodyContext> {
        .element(named: "figure", nodes: [.raw(svg), .element(named: "figcaption", text: caption)])
    }

    static func legend() -> Node<HTML.BodyContext> {
        .p(.class("heat-legend"), .text("0"), .forEach(0...5) { band in .span(.class("swatch heat-\(band)"), .attribute(named: "aria-hidden", value: "true")) }, .text("10"))
    }

    static func figureText(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "—" }

    static func pointTable(_ points: [PracticeProgress.PointSummary], comparing: Bool) -> Node<HTML.BodyContext> {
        .table(
            .class("figures"),
            .caption("Figures by clock position"),
            .thead(.tr(
                .th("Point"), .th("Tension (last 4 weeks)"), .th("Pain (last 4 weeks)"), .th("Time to soften (last 4 weeks)"),
                .if(comparing, .group(.th("Pain (first 4 weeks)"), .th("Time to soften (first 4 weeks)")))
            )),
            .tbody(.forEach(points) { point in
                .tr(
                    .td("\(point.hour) o'clock"), .td(.text(figureText(point.recent?.tension))), .td(.text(figureText(point.recent?.pain))),
                    .td(.text(point.recent?.releaseSeconds.map(plainDuration) ?? "—")),
                    .if(comparing, .group(.td(.text(figureText(point.early?.pain))), .td(.text(point.early?.releaseSeconds.map(plainDuration) ?? "—"))))
                )
            })
        )
    }

    static func trends(_ progress: PracticeProgress) -> Node<HTML.BodyContext> {
        let weeks = progress.weeks
        let release = weeks.map { $0.releaseSeconds.map { $0 / 60 } }
        let kinds = PenetrationType.allCases.filter { kind in weeks.contains { $0.experiences[kind] != nil } }
        return .section(
            .h2("Week by week"),
            chart(
                title: "Minutes for a point to soften", series: [.init(name: "Minutes", className: "series-a", values: release)],
                weeks: weeks, maxValue: max(5, (release.compactMap { $0 }.max() ?? 0).rounded(.up))),
            .forEach(kinds) { kind in
                chart(
                    title: "\(kind.label): anxiety and pain (0–10)",
                    series: [
                        .init(name: "Anxiety", className: "series-a", values: weeks.map { $0.experiences[kind]?.anxiety }),
                        .init(name: "Pain", className: "series-b", values: weeks.map { $0.experiences[kind]?.pain }),
                    ],
                    weeks: weeks, maxValue: 10)
            }
        )
    }

    static func chart(title: String, series: [Charts.Series], weeks: [PracticeProgress.Week], maxValue: Double) -> Node<HTML.BodyContext> {
        let withData = weeks.indices.filter { index in series.contains { $0.values[index] != nil } }
        return .div(
            .class("chart"),
            .h3(.text(title)),
            withData.isEmpty
                ? .p(.class("empty"), "Nothing recorded in this period yet.")
                : .group(
                    .if(series.count > 1, .p(.class("chart-key"), .forEach(series) { .span(.class("key \($0.className)"), .text($0.name)) })),
                    .raw(Charts.weekly(series, weeks: weeks.map(\.start), maxValue: maxValue, label: title)),
                    .details(
                        .summary("The same figures as a table"),
                        .table(
                            .class("figures"),
                            .thead(.tr(.th("Week of"), .forEach(series) { .th(.text($0.name)) })),
                            .tbody(.forEach(withData) { index in
                                .tr(.td(.text(JournalPages.dayText(weeks[index].start))), .forEach(series) { .td(.text(figureText($0.values[index]))) })
                            })
                        )
                    )
                )
        )
    }

    static func comfort(_ phases: [PracticeProgress.PhaseComfort]) -> Node<HTML.BodyContext> {
        .section(
            .h2("Comfort through the cycle"),
            phases.isEmpty
                ? .p(.class("empty"), .text("Once period starts are logged on "), .a(.href(SiteRoute.cycle.path), "the cycle page"),
                    .text(", this shows how practice and check-ins felt in each phase (estimated)."))
                : .group(
                    .p(.class("hint"), "Phases are estimates from the period starts you logged. Lower figures mean more comfort."),
                    .table(
                        .class("figures"),
                        .thead(.tr(.th("Phase"), .th("Days"), .th("Pain at points"), .th("Pain in check-ins"), .th("Body tension"))),
                        .tbody(.forEach(phases) { phase in
                            .tr(
                                .td(.text(phase.phase.label)), .td("\(phase.days)"), .td(.text(figureText(phase.sessionPain))),
                                .td(.text(figureText(phase.checkInPain))), .td(.text(figureText(phase.bodyTension))))
                        })
                    )
                )
        )
    }
}
