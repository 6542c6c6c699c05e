import Plot
import TendApp
import TendCore

/// Quiet preferences for sessions: breath pace and jaw reminders.
enum SettingsPage {
    static func render(_ preferences: Preferences, problem: String?, saved: Bool, chrome: Chrome) -> String {
        let current = preferences.jawCues.intervalMinutes
        return Layout.page(
            title: "Settings", chrome: chrome,
            .h1("Settings"),
            Layout.formError(problem),
            .if(saved, .p(.class("saved-note"), .attribute(named: "role", value: "status"), "Saved.")),
            .form(
                .method(.post), .action(SiteRoute.settings.path), .class("stack"),
                Layout.csrfField(chrome),
                .h2("Breath pace in sessions"),
                .label(.for("inhale"), "Seconds breathing in"),
                .input(.type(.number), .name("inhale"), .id("inhale"), .value("\(preferences.breath.inhaleSeconds)"),
                    .attribute(named: "min", value: "2"), .attribute(named: "max", value: "15"), .attribute(named: "step", value: "0.5")),
                .label(.for("exhale"), "Seconds breathing out"),
                .input(.type(.number), .name("exhale"), .id("exhale"), .value("\(preferences.breath.exhaleSeconds)"),
                    .attribute(named: "min", value: "2"), .attribute(named: "max", value: "15"), .attribute(named: "step", value: "0.5")),
                .label(.class("check"), .input(.type(.checkbox), .name("hum"), .value("on"), .checked(preferences.breath.humCue)),
                    .text(" Remind me to hum or sigh on the out-breath")),
                .label(.class("check"), .input(.type(.checkbox), .name("shorter"), .value("on")),
                    .text(" I know, and want the out-breath shorter than the in-breath")),
                .h2("Jaw and throat reminders during a session"),
                .p(.class("hint"), "A short line on the screen, now and then, inviting the jaw to soften. Off unless you choose it."),
                selectField(
                    "jaw", label: "Remind me", options: [("off", "Never")] + [5, 10, 15, 20].map { ("\($0)", "Every \($0) minutes") },
                    selected: current.map(String.init) ?? "off"),
                .button(.type(.submit), .class("primary"), "Save settings")
            ),
            DiscreetPages.settings(chrome: chrome),
            .h2("Your data"),
            .p(.a(.href(SiteRoute.yourData.path), "Download everything, or erase everything")),
            .p(.a(.href(SiteRoute.cycle.path), "Your cycle and contraception")),
            .p(.a(.href(SiteRoute.reminders.path), "Practice reminders in your own calendar"))
        )
    }
}
