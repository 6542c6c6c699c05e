import Plot

/// Shown when something went wrong, without any internal detail.
enum ErrorPage {
    static func render(_ problem: Problem, chrome: Chrome) -> String {
        Layout.page(
            title: problem.title, chrome: chrome,
            .h1(.text(problem.title)),
            .p(.text(problem.detail)),
            .p(.a(.href(SiteRoute.home.path), "Back to the start"))
        )
    }
}
