import Foundation
import Ink
import Plot
import TendCore

/// One of Tend's own articles, rendered from Markdown once at start-up.
///
/// Ink passes raw HTML through, so it renders only these files, which ship with Tend. A person's
/// own words are never rendered as Markdown anywhere.
struct LibraryArticle: Sendable {
    let slug: String
    let title: String
    let summary: String
    let date: String
    let reviewed: String
    let order: Int
    let html: String
}

/// The learning library, read from the bundle.
struct Library: Sendable {
    let articles: [LibraryArticle]

    /// Reads and renders every article; a missing or malformed file is a build fault.
    static func load(program: Program) throws -> Library {
        guard let folder = Bundle.module.url(forResource: "library", withExtension: nil) else {
            throw AssetLibrary.AssetMissing(name: "library")
        }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
        let diagram = program.gates.first.map {
            "<figure class=\"diagram\">" + ClockFaceSVG.render(gate: $0, currentStep: nil, visitedSteps: []) + "</figure>"
        } ?? ""
        let articles = try files.map { url -> LibraryArticle in
            let markdown = MarkdownParser().parse(try String(contentsOf: url, encoding: .utf8))
            func field(_ name: String) throws -> String {
                guard let value = markdown.metadata[name], !value.isEmpty else {
                    throw AssetLibrary.AssetMissing(name: "\(url.lastPathComponent): front matter \(name)")
                }
                return value
            }
            return LibraryArticle(
                slug: url.deletingPathExtension().lastPathComponent, title: try field("title"), summary: try field("summary"),
                date: try field("date"), reviewed: try field("reviewed"), order: Int(try field("order")) ?? 99,
                html: markdown.html.replacingOccurrences(of: "<p>{{clock-diagram}}</p>", with: diagram))
        }
        return Library(articles: articles.sorted { $0.order < $1.order })
    }

    func article(_ slug: String) -> LibraryArticle? {
        articles.first { $0.slug == slug }
    }
}

/// The library's pages.
enum LibraryPages {
    static func index(_ library: Library, chrome: Chrome) -> String {
        Layout.page(
            title: "Learn", chrome: chrome,
            .h1("Learn at your own pace"),
            .p("Short articles about vaginismus, the practice and getting help. Read them in any order, alone or together."),
            .ul(
                .class("session-list"),
                .forEach(library.articles) { article in
                    .li(.a(.href(SiteRoute.article(article.slug).path), .strong(.text(article.title)), .text(" · \(article.summary)")))
                }
            )
        )
    }

    static func article(_ article: LibraryArticle, chrome: Chrome) -> String {
        Layout.page(
            title: article.title, chrome: chrome,
            .article(.class("prose"), .h1(.text(article.title)), .raw(article.html)),
            .p(.class("hint"), .text("Written \(article.date) · reviewed \(article.reviewed)")),
            .p(.a(.href(SiteRoute.library.path), "All articles"))
        )
    }
}
