import Plot

/// What discreet mode shows in Tend's place.
enum DiscreetPages {
    /// The neutral page a quick exit leaves on the screen: nothing of Tend, nothing to read.
    static func notes(chrome: Chrome) -> String {
        HTML(
            .lang(.english),
            .head(
                .encoding(.utf8),
                .viewport(.accordingToDevice),
                .element(named: "title", text: "Notes"),
                .link(.rel(.icon), .href(Asset.neutralIcon.path), .type("image/svg+xml")),
                .stylesheet(Asset.stylesheet.path)
            ),
            .body(
                .class(chrome.prefersLight ? "light neutral" : "neutral"),
                .main(.h1("Notes"), .p(.class("hint"), "No notes yet."))
            )
        ).render()
    }

    /// The part of Settings that turns discreet mode on or off.
    static func settings(chrome: Chrome) -> Node<HTML.BodyContext> {
        .group(
            .h2("Discreet mode"),
            .p(.class("hint"), "For a shared home: on this device, the tab and the installed app are called “Notes” with a plain icon, pages that can be seen while locked say nothing of what Tend is for, and an Exit button (or Escape pressed twice) locks Tend and puts a blank notes page in its place."),
            .form(
                .method(.post), .action(SiteRoute.discreet.path), .class("stack"),
                Layout.csrfField(chrome),
                .label(.class("check"), .input(.type(.checkbox), .name("discreet"), .value("on"), .checked(chrome.discreet)),
                    .text(" Discreet mode on this device")),
                .button(.type(.submit), "Save")
            )
        )
    }
}
