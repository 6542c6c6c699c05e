import Plot
import TendCore

/// Chosen practice times as a private calendar: a nudge in the person's own calendar app, never a
/// notification from Tend.
enum RemindersPage {
    static func render(plan: ReminderPlan?, feedLink: String?, problem: String?, chrome: Chrome) -> String {
        let chosen = Set(plan?.weekdays ?? [])
        return Layout.page(
            title: "Practice reminders", chrome: chrome,
            .h1("Practice reminders"),
            .p("Tend never sends notifications. If a gentle nudge would help, Tend can offer the times you choose as a private calendar that your own calendar app subscribes to. Skip any of them freely: Tend does not count them."),
            .unwrap(feedLink) { link in
                .section(
                    .class("card"),
                    .h2("Your calendar link"),
                    .p(.text("Add this address to your calendar app as a "), .em("subscribed"), .text(" or "), .em("internet"), .text(" calendar. It shows only the title and times below.")),
                    .input(.type(.text), .id("feed-link"), .value(attributeText(link)), .readonly(true), .attribute(named: "aria-label", value: "Calendar link")),
                    .p(.a(.href(attributeText(link)), "Open it as a calendar file"), .text(" (to add the times once, without subscribing).")),
                    .details(
                        .summary("Good to know"),
                        .ul(
                            .li("The link is the key: anyone who has it sees these times and the title, nothing else of yours. If it has gone somewhere it should not, make a new link below; the old one stops working."),
                            .li("Your calendar app fetches the link while Tend is running and it can reach it: on this computer, or on your home network when Tend was started with “tend serve --lan”. Many phone calendars only accept https addresses, which “--lan” gives."),
                            .li("Calendar apps check for changes every few hours, so a new time may take a while to appear.")
                        )
                    )
                )
            },
            Layout.formError(problem),
            .form(
                .method(.post), .action(SiteRoute.reminders.path), .class("stack"),
                Layout.csrfField(chrome),
                Layout.fieldset(
                    "Days",
                    .forEach(Weekday.allCases) { day in
                        .label(.class("check"), .input(.type(.checkbox), .name("day-\(day.rawValue)"), .value("on"), .checked(chosen.contains(day))), .text(" \(day.label)"))
                    }
                ),
                .label(.for("time"), "Time"),
                .input(.type(.time), .name("time"), .id("time"), .value(plan?.timeText ?? "19:30"), .required(true)),
                selectField(
                    "minutes", label: "Length of the calendar entry", options: ReminderPlan.lengths.map { ("\($0)", "\($0) minutes") },
                    selected: "\(plan?.minutes ?? 30)"),
                .label(
                    .class("check"),
                    .input(.type(.checkbox), .name("steps"), .value("on"), .checked(plan?.stepsRhythm != nil)),
                    .text(" Also my steps' rhythm: an entry on each suggested day for graded practice, moving as you practise")),
                .label(.for("title"), "Title in your calendar"),
                .input(.type(.text), .name("title"), .id("title"), .value(attributeText(plan?.title ?? ReminderPlan.defaultTitle)),
                    .attribute(named: "maxlength", value: "\(ReminderPlan.titleLimit)"), .attribute(named: "aria-describedby", value: "title-hint")),
                .p(.id("title-hint"), .class("hint"), "Something that means nothing to anyone glancing at your screen, like “Quiet time” or “Stretch”."),
                .button(.type(.submit), .name("action"), .value("save"), .class("primary"), .text(feedLink == nil ? "Turn on my calendar link" : "Save the times")),
                .if(feedLink != nil, .group(
                    .button(.type(.submit), .name("action"), .value("new-link"), "Save and make a new link"),
                    .button(.type(.submit), .name("action"), .value("off"), .attribute(named: "formnovalidate", value: ""), "Turn the link off")
                ))
            ),
            .p(.a(.href(SiteRoute.settings.path), "Back to settings"))
        )
    }
}
