import Hummingbird
import Plot

/// The first page a person sees.
enum HomePage {
    /// What the page shows.
    struct Model {
        /// Whether a private space exists yet.
        let hasSpace: Bool
    }

    static func render(_ model: Model) -> String {
        Layout.page(
            title: "Welcome",
            .h1("A quiet place to practise"),
            .p(
                "Tend guides a slow, gentle practice for easing vaginismus, alone or with a partner. You set the pace, and you can stop at any moment."
            ),
            model.hasSpace
                ? .p("Your private space is here, sealed with your passphrase.")
                : .p("Nothing has been set up on this computer yet. Everything you write will stay here, sealed with a passphrase only you know.")
        )
    }
}

/// Shown for an address Tend does not know.
enum NotFoundPage {
    static func render() -> String {
        Layout.page(
            title: "Not here",
            .h1("There is nothing at this address"),
            .p("It may have moved, or the link may be mistyped."),
            .p(.a(.href(SiteRoute.home.path), "Back to the start"))
        )
    }
}

/// Shown when something went wrong, without any internal detail.
enum ErrorPage {
    static func render(status: HTTPResponse.Status) -> String {
        let isOurs = status.code >= 500
        return Layout.page(
            title: isOurs ? "Something went wrong" : "That did not work",
            .h1(.text(isOurs ? "Something went wrong on our side" : "That request did not work")),
            .p(.text(
                isOurs
                    ? "Nothing you wrote has been lost. Please try again in a moment; if it keeps happening, restarting Tend usually helps."
                    : "Please go back and try again.")),
            .p(.a(.href(SiteRoute.home.path), "Back to the start"))
        )
    }
}
