import Plot
import TendApp

/// What the frame of every page needs to know about the request.
struct Chrome {
    /// This browser's anti-forgery token, for the forms on the page.
    let csrfToken: String
    /// Whether a lock button belongs in the header.
    let isUnlocked: Bool
    /// Whether to use the light theme instead of the low-light default.
    let prefersLight: Bool
    /// Where this page lives, so the theme switch can come back to it.
    let currentPath: String
    /// Discreet mode: a neutral name and icon, nothing said of what Tend is for while locked, and a
    /// quick exit on every page.
    let discreet: Bool
    /// A practitioner's own pages: their menu is the people they work with, not a practice.
    private(set) var practitioner = false

    init(csrfToken: String, isUnlocked: Bool, prefersLight: Bool = false, currentPath: String = "/", discreet: Bool = false) {
        self.csrfToken = csrfToken
        self.isUnlocked = isUnlocked
        self.prefersLight = prefersLight
        self.currentPath = currentPath
        self.discreet = discreet
    }

    init(context: TendRequestContext) {
        csrfToken = context.csrfToken
        isUnlocked = context.space != nil
        prefersLight = context.prefersLight
        currentPath = context.currentPath
        discreet = context.discreet
    }

    /// The same, on a practitioner's own page.
    var asPractitioner: Chrome {
        var chrome = self
        chrome.practitioner = true
        return chrome
    }

    /// The name in the tab and on the home screen.
    var appName: String { discreet ? "Notes" : "Tend" }
}

/// The frame every page shares: low-light theme, Tend's own stylesheet and scripts, nothing from elsewhere.
enum Layout {
    /// Renders a whole page. A `room` page (a session in progress) has no site menu: only a quiet way
    /// home, so nothing but End, Pause and the practice sits under the thumb.
    static func page(
        title: String, chrome: Chrome, bodyClass: String = "", scripts: [Asset] = [], room: Bool = false,
        _ content: Node<HTML.BodyContext>...
    ) -> String {
        HTML(
            .lang(.english),
            .head(
                .encoding(.utf8),
                .viewport(.accordingToDevice),
                .element(named: "title", text: chrome.discreet ? chrome.appName : "\(title) · Tend"),
                .meta(.name("color-scheme"), .content(chrome.prefersLight ? "light" : "dark")),
                .link(.rel(.icon), .href((chrome.discreet ? Asset.neutralIcon : Asset.icon).path), .type("image/svg+xml")),
                .link(.rel(.appleTouchIcon), .href((chrome.discreet ? Asset.neutralIcon192 : Asset.icon192).path)),
                .link(.rel(.manifest), .href(SiteRoute.manifest.path)),
                .meta(.name("theme-color"), .content(chrome.prefersLight ? InstallablePages.lightBackground : InstallablePages.darkBackground)),
                .stylesheet(Asset.stylesheet.path),
                .forEach([Asset.appScript] + scripts) { .script(.attribute(named: "type", value: "module"), .src($0.path)) }
            ),
            .body(
                .class(([bodyClass] + (chrome.prefersLight ? ["light"] : [])).filter { !$0.isEmpty }.joined(separator: " ")),
                room
                    ? .header(
                        .class("masthead room"), .a(.class("brand quiet-home"), .href(SiteRoute.home.path), .text("\(chrome.appName) · home")),
                        .if(chrome.discreet, quickExit(chrome)))
                    : .header(
                    .class("masthead"),
                    .a(.class("brand"), .href(SiteRoute.home.path), .text(chrome.appName)),
                    chrome.practitioner
                    ? .nav(
                        .class("masthead-links"),
                        .a(.href(SiteRoute.practitionerHome.path), "People"),
                        .a(.href(SiteRoute.library.path), "Learn"),
                        .a(.href(SiteRoute.settings.path), "Settings"),
                        postButton(to: .lock, label: "Lock", chrome: chrome, class: "quiet")
                    )
                    : .nav(
                        .class("masthead-links"),
                        .a(.href(SiteRoute.practices.path), "Practices"),
                        .a(.href(SiteRoute.library.path), "Learn"),
                        .if(chrome.isUnlocked, .group(
                            .a(.href(SiteRoute.history.path), "History"),
                            .a(.href(SiteRoute.journal.path), "Journal"),
                            .a(.href(SiteRoute.progress.path), "Progress"),
                            .a(.href(SiteRoute.settings.path), "Settings"),
                            postButton(to: .lock, label: "Lock", chrome: chrome, class: "quiet")
                        )),
                        .if(chrome.discreet, quickExit(chrome))
                    )
                ),
                .main(.id("main"), .group(content)),
                .footer(
                    .class("footnote"),
                    .if(!chrome.discreet || chrome.isUnlocked, .p(.text(safetyNote))),
                    postButton(
                        to: .theme, label: chrome.prefersLight ? "Use the low-light theme" : "Use the light theme", chrome: chrome,
                        class: "quiet", fields: [("theme", chrome.prefersLight ? "dark" : "light"), ("back", chrome.currentPath)])
                )
            )
        ).render()
    }

    static let safetyNote =
        "Tend is a practice companion, not a diagnosis or a treatment. If nothing can go in at all, or pain is strong even with a tampon or little finger, please see a GP and a pelvic-health physiotherapist."

    /// Discreet mode's way out: locks Tend and puts a neutral page in its place (the script also
    /// answers Escape pressed twice, and leaves this page out of the back history).
    static func quickExit(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        .form(
            .class("quick-exit"), .method(.post), .action(SiteRoute.quickExit.path),
            csrfField(chrome),
            .button(.type(.submit), .class("quiet"), .attribute(named: "data-quick-exit", value: "yes"), "Exit")
        )
    }

    /// A one-button form that posts to a route, with the anti-forgery field.
    static func postButton(
        to route: SiteRoute, label: String, chrome: Chrome, class className: String = "", fields: [(String, String)] = []
    ) -> Node<HTML.BodyContext> {
        .form(
            .class("inline"), .method(.post), .action(route.path),
            csrfField(chrome),
            .forEach(fields) { .input(.type(.hidden), .name($0.0), .value(attributeText($0.1))) },
            .button(.type(.submit), .class(className), .text(label))
        )
    }

    /// The hidden anti-forgery field every form carries.
    static func csrfField(_ chrome: Chrome) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name(CSRFMiddleware.fieldName), .value(attributeText(chrome.csrfToken)))
    }

    /// A group of form controls under a legend. (Plot offers no `legend` element.)
    static func fieldset(_ legend: String, _ nodes: Node<HTML.BodyContext>...) -> Node<HTML.FormContext> {
        .element(named: "fieldset", nodes: [Node<HTML.BodyContext>.element(named: "legend", text: legend)] + nodes)
    }

    /// A message beside a form, read out by screen readers when it appears.
    static func formError(_ message: String?) -> Node<HTML.BodyContext> {
        .unwrap(message) { .p(.class("form-error"), .attribute(named: "role", value: "alert"), .text($0)) }
    }
}
