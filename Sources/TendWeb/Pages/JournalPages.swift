import Foundation
import Plot
import TendApp
import TendCore

/// The daily check-in and the cycle page.
enum JournalPages {
    static func journal(
        entry: CheckIn, recent: [CheckIn], today: Day, problem: String?, saved: Bool, recurring: RecurringPain? = nil, chrome: Chrome
    ) -> String {
        Layout.page(
            title: "Journal", chrome: chrome,
            .h1("Journal"),
            .p(.class("hint"), "A check-in is optional, every part of it. Fill in what you want to remember on the days you want to; nothing is expected."),
            Layout.formError(problem),
            .if(saved, .p(.class("saved-note"), .attribute(named: "role", value: "status"), .text("Saved the check-in for \(dayText(entry.day))."))),
            .unwrap(PainAnswer(checkIn: entry)) {
                .div(.class("pain-answer"), .attribute(named: "role", value: "alert"), .p(.text($0.checkInWords)),
                    .p(.a(.href(SiteRoute.article("after-practice").path), "After practice: what is normal, and when to get care")))
            },
            recurringPainNote(recurring),
            checkInForm(entry, today: today, chrome: chrome),
            .h2("Earlier check-ins"),
            recent.isEmpty
                ? .p(.class("empty"), "No check-ins yet. When you write one, it appears here, and its figures feed your progress page.")
                : .ul(.class("check-ins"), .forEach(recent.prefix(60)) { checkIn in
                    .li(.a(.href(attributeText(SiteRoute.journal.path + "?day=\(checkIn.day)")), .text(dayText(checkIn.day))), .text(" — \(summary(checkIn))"))
                }),
            .p(.a(.href(SiteRoute.cycle.path), "Your cycle"), .text(" · "), .a(.href(SiteRoute.progress.path), "Progress"))
        )
    }

    /// A gentle word when pain keeps coming back: who can help, and the report to take along.
    static func recurringPainNote(_ recurring: RecurringPain?) -> Node<HTML.BodyContext> {
        .unwrap(recurring) { recurring in
            .section(
                .class("card help-note"),
                .p(.text(recurring.words)),
                .p(.a(.href(SiteRoute.article("getting-help").path), "Getting help"), .text(" · "),
                    .a(.href(SiteRoute.report.path), "Make a report to take along"))
            )
        }
    }

    static func checkInForm(_ entry: CheckIn, today: Day, chrome: Chrome) -> Node<HTML.BodyContext> {
        func numberField(_ name: String, _ label: String, _ value: Int?) -> Node<HTML.BodyContext> {
            .div(
                .label(.for(name), .text(label)),
                .input(.type(.number), .name(name), .id(name), .value(value.map { "\($0)" } ?? ""),
                    .attribute(named: "min", value: "0"), .attribute(named: "max", value: "10"), .attribute(named: "inputmode", value: "numeric"))
            )
        }
        return .form(
            .method(.post), .action(SiteRoute.journal.path), .class("stack check-in"),
            Layout.csrfField(chrome),
            .label(.for("day"), "Day"),
            .input(.type(.date), .name("day"), .id("day"), .value(attributeText(entry.day.description)), .attribute(named: "max", value: today.description)),
            .element(named: "div", nodes: [numberField("bodyTension", "How tense does your body feel today? 0 is at ease, 10 is very tense", entry.bodyTension)]),
            Layout.fieldset(
                "Mood",
                .forEach(Mood.allCases) { mood in
                    .label(.class("check"), .input(.type(.radio), .name("mood"), .value(mood.rawValue), .checked(entry.mood == mood)), .text(" \(mood.label)"))
                }
            ),
            Layout.fieldset(
                "Anything you tried today",
                .p(.class("hint"), "Anxiety and pain, each 0 (none) to 10 (worst imaginable). Leave a row empty if you did not try it."),
                .p(.class("hint"), .text("More: "), .a(.href(SiteRoute.article("dilators-at-home").path), "dilators at home"), .text(" · "),
                    .a(.href(SiteRoute.article("examinations-and-smear-tests").path), "examinations and smear tests")),
                .forEach(PenetrationType.allCases) { kind in
                    let experience = entry.tried[kind]
                    return .div(
                        .class("tried-row"),
                        .label(.class("check"), .input(.type(.checkbox), .name("tried-\(kind.rawValue)"), .value("on"), .checked(experience != nil)),
                            .text(" \(kind.label)")),
                        numberField("anxiety-\(kind.rawValue)", "Anxiety", experience?.anxiety),
                        numberField("pain-\(kind.rawValue)", "Pain", experience?.pain)
                    )
                }
            ),
            .label(.class("check"), .input(.type(.checkbox), .name("periodStarted"), .value("on")), .text(" My period started this day")),
            .label(.for("note"), "A note, if you like"),
            .textarea(.name("note"), .id("note"), .attribute(named: "maxlength", value: "\(CheckIn.noteLimit)"), .text(entry.note)),
            .button(.type(.submit), .class("primary"), "Save check-in")
        )
    }

    /// One line about a check-in, without its note.
    static func summary(_ checkIn: CheckIn) -> String {
        var parts: [String] = []
        if let mood = checkIn.mood { parts.append(mood.label.lowercased()) }
        if let tension = checkIn.bodyTension { parts.append("body tension \(tension)") }
        for kind in PenetrationType.allCases {
            guard let experience = checkIn.tried[kind] else { continue }
            let pain = experience.pain.map { ", pain \($0)" } ?? ""
            parts.append("\(kind.label.lowercased()) tried\(pain)")
        }
        if !checkIn.note.isEmpty { parts.append("a note") }
        return parts.isEmpty ? "nothing filled in" : parts.joined(separator: "; ")
    }

    static func cycle(_ cycle: CycleRecord, today: Day, problem: String?, chrome: Chrome) -> String {
        Layout.page(
            title: "Your cycle", chrome: chrome,
            .h1("Your cycle"),
            .p("Comfort often changes through the month, with hormonal contraception, in pregnancy and after birth, and around menopause. Knowing your own rhythm can help you choose what to do on a given day."),
            Layout.formError(problem),
            .section(
                .class("card"),
                .h2("Today"),
                {
                    switch cycle.estimate(on: today) {
                    case .success(let estimate):
                        .group(
                            .p(.strong(.text("Day \(estimate.cycleDay): \(estimate.phase.label.lowercased())"))),
                            .p(.class("hint"), .text(estimate.explanation + " Bodies vary; treat it as a rough guide."))
                        )
                    case .failure(let reason):
                        .p(.text(reason.explanation))
                    }
                }()
            ),
            .h2("Period starts"),
            .form(
                .method(.post), .action(SiteRoute.cyclePeriods.path), .class("inline-form"),
                Layout.csrfField(chrome),
                .label(.for("period-day"), "A period started on"),
                .input(.type(.date), .name("day"), .id("period-day"), .value(today.description), .attribute(named: "max", value: today.description)),
                .button(.type(.submit), "Add")
            ),
            cycle.periodStarts.isEmpty
                ? .p(.class("empty"), "None logged yet.")
                : .ul(.class("period-starts"), .forEach(cycle.periodStarts.reversed()) { day in
                    .li(
                        .text(dayText(day) + " "),
                        .form(
                            .class("inline"), .method(.post), .action(SiteRoute.cyclePeriods.path),
                            Layout.csrfField(chrome),
                            .input(.type(.hidden), .name("day"), .value(day.description)),
                            .input(.type(.hidden), .name("remove"), .value("yes")),
                            .button(.type(.submit), .class("quiet"), .attribute(named: "aria-label", value: attributeText("Remove \(dayText(day))")), "Remove")
                        )
                    )
                }),
            .h2("Life stage and contraception"),
            .form(
                .method(.post), .action(SiteRoute.cycle.path), .class("stack"),
                Layout.csrfField(chrome),
                Layout.fieldset("Where you are", .forEach(LifeStage.allCases) { stage in
                    .label(.class("check"), .input(.type(.radio), .name("lifeStage"), .value(stage.rawValue), .checked(cycle.lifeStage == stage)),
                        .text(" \(stage.label)"))
                }),
                .label(.for("periodsReturned"), "After giving birth: the day periods came back, if they have"),
                .input(.type(.date), .name("periodsReturned"), .id("periodsReturned"), .value(cycle.periodsReturned?.description ?? ""),
                    .attribute(named: "max", value: today.description)),
                .p(.class("hint"), "Periods can come back within weeks of a birth, or much later, especially while breastfeeding. Leave it empty if they have not come back yet."),
                Layout.fieldset("Contraception", .forEach(Contraception.allCases) { kind in
                    .label(.class("check"), .input(.type(.radio), .name("contraception"), .value(kind.rawValue), .checked(cycle.contraception == kind)),
                        .text(" \(kind.label)"))
                }),
                .button(.type(.submit), .class("primary"), "Save")
            ),
            .p(.class("hint"), "If periods are very painful, very heavy or stop unexpectedly, that is worth a word with your GP.")
        )
    }

    /// "Wed 25 Nov 2026".
    static func dayText(_ day: Day) -> String {
        day.date.formatted(dayStyle)
    }

    private static let dayStyle = Date.FormatStyle(timeZone: TimeZone(identifier: "UTC")!).weekday(.abbreviated).day().month(.abbreviated).year()
}
