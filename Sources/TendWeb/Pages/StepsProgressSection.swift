import Foundation
import Plot
import TendApp
import TendCore

/// Graded practice in Progress and the report: the ladder with where the person is and what is
/// ready, anxiety and pain per step over time, and the first time each step felt manageable.
enum StepsProgressSection {
    /// How many of a step's latest practices its table lists (the chart shows them all).
    static let tableRows = 10

    /// The section; `period` keeps only practices begun on those days (the report's dates).
    static func render(_ overview: StepsOverview, period: ClosedRange<Day>? = nil, heading: String = "Steps") -> Node<HTML.BodyContext> {
        let ladder = overview.plan.ladder
        let advice = overview.advice
        let practised = ladder.steps.compactMap { step -> (Step, [StepReading], Date?)? in
            guard let progress = advice.progress(of: step.id) else { return nil }
            let readings = progress.readings.filter { period?.contains(Day($0.startedAt)) ?? true }
            return readings.isEmpty ? nil : (step, readings, progress.firstManageable)
        }
        return .section(
            .class("steps-progress"),
            .h2(.text(heading)),
            .ol(.class("ladder-picture"), .forEach(ladder.visibleSteps) { step in
                let progress = advice.progress(of: step.id)
                return .li(
                    .class(step.id == advice.current ? "current" : ""),
                    .strong(.text(step.title)), .text(" — \(progress?.status.label ?? StepStatus.notYetTried.label)"),
                    .if(step.id == advice.current, .text(" (where I am now)")),
                    .unwrap(progress?.firstManageable) { date in
                        .span(.class("hint"), .text(" · first felt manageable \(JournalPages.dayText(Day(date)))"))
                    }
                )
            }),
            practised.isEmpty
                ? .p(.class("empty"), "No step has been practised in this stretch yet.")
                : .forEach(practised) { step, readings, _ in chart(step, readings) }
        )
    }

    /// Anxiety before and after, and pain after, for one step: a chart and a table of the latest.
    private static func chart(_ step: Step, _ readings: [StepReading]) -> Node<HTML.BodyContext> {
        let days = readings.map { Day($0.startedAt) }
        let series = [
            Charts.Series(name: "Anxiety after", className: "series-a", values: readings.map { Double($0.anxietyAfter) }),
            Charts.Series(name: "Pain after", className: "series-b", values: readings.map { Double($0.painAfter) }),
        ]
        let latest = readings.suffix(tableRows).reversed()
        return .div(
            .class("step-chart"),
            .h3(.text(step.title)),
            .raw(Charts.weekly(series, weeks: days, maxValue: 10, label: "\(step.title): anxiety and pain, practice by practice")),
            .p(.class("chart-key"), .span(.class("key series-a"), "Anxiety after"), .text(" "), .span(.class("key series-b"), "Pain after")),
            .table(
                .class("figures"),
                .caption(.text(readings.count > tableRows ? "The latest \(tableRows) of \(readings.count) practices" : "Every practice")),
                .thead(.tr(.th("Day"), .th("Anxiety before"), .th("Anxiety after"), .th("Pain after"), .th("With a partner"))),
                .tbody(.forEach(Array(latest)) { reading in
                    .tr(
                        .td(.text(JournalPages.dayText(Day(reading.startedAt)))), .td("\(reading.anxietyBefore)"),
                        .td("\(reading.anxietyAfter)"), .td("\(reading.painAfter)"), .td(reading.withPartner ? "yes" : "no"))
                })
            )
        )
    }
}
