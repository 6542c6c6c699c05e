import Plot

/// The frame every page shares: low-light theme, Tend's own stylesheet, nothing from elsewhere.
enum Layout {
    /// Renders a whole page.
    static func page(title: String, _ content: Node<HTML.BodyContext>...) -> String {
        HTML(
            .lang(.english),
            .head(
                .encoding(.utf8),
                .viewport(.accordingToDevice),
                .title("\(title) · Tend"),
                .meta(.name("color-scheme"), .content("dark light")),
                .meta(.name("referrer"), .content("no-referrer")),
                .stylesheet(Asset.stylesheet.path)
            ),
            .body(
                .header(.class("masthead"), .a(.class("brand"), .href(SiteRoute.home.path), .text("Tend"))),
                .main(.id("main"), .group(content)),
                .footer(
                    .class("footnote"),
                    .p(
                        "Tend is a practice companion, not a diagnosis or a treatment. If pain is severe, or nothing can go in at all, please see a GP and a pelvic-health physiotherapist."
                    )
                )
            )
        ).render()
    }
}
