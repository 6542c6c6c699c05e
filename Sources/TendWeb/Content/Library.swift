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
    /// Which of ``Library/topics`` it belongs to.
    let topic: String
    let html: String
    /// The words a search looks through: title, summary and text, lower-cased, without markup.
    let searchText: String
}

/// The learning library, read from the bundle.
struct Library: Sendable {
    let articles: [LibraryArticle]

    /// The topics articles are grouped under, in the order the index shows them. Each article's
    /// front matter names one.
    static let topics = ["Understanding", "The practice", "Body and health", "Together", "Getting help"]

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
            let topic = try field("topic")
            guard topics.contains(topic) else {
                throw AssetLibrary.AssetMissing(name: "\(url.lastPathComponent): a topic from \(topics.joined(separator: ", "))")
            }
            let title = try field("title")
            let summary = try field("summary")
            let plain = markdown.html.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            return LibraryArticle(
                slug: url.deletingPathExtension().lastPathComponent, title: title, summary: summary,
                date: try field("date"), reviewed: try field("reviewed"), order: Int(try field("order")) ?? 99, topic: topic,
                html: markdown.html.replacingOccurrences(of: "<p>{{clock-diagram}}</p>", with: diagram),
                searchText: "\(title) \(summary) \(plain)".lowercased())
        }
        return Library(articles: articles.sorted { $0.order < $1.order })
    }

    /// Articles holding every word of `query` (title and summary matches first); all when empty.
    func search(_ query: String) -> [LibraryArticle] {
        let words = query.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return articles }
        let found = articles.filter { article in words.allSatisfy { article.searchText.contains($0) } }
        let inHeading = found.filter { article in words.allSatisfy { "\(article.title) \(article.summary)".lowercased().contains($0) } }
        return inHeading + found.filter { article in !inHeading.contains { $0.slug == article.slug } }
    }

    func article(_ slug: String) -> LibraryArticle? {
        articles.first { $0.slug == slug }
    }
}

/// The library's pages.
enum LibraryPages {
    static func index(_ library: Library, query: String, chrome: Chrome) -> String {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        let found = library.search(trimmed)
        func list(_ articles: [LibraryArticle]) -> Node<HTML.BodyContext> {
            .ul(.class("session-list"), .forEach(articles) { article in
                .li(.a(.href(SiteRoute.article(article.slug).path), .strong(.text(article.title)), .text(" · \(article.summary)")))
            })
        }
        return Layout.page(
            title: "Learn", chrome: chrome,
            .h1("Learn at your own pace"),
            .p("Short articles about vaginismus, the practice and getting help. Read them in any order, alone or together."),
            .form(
                .method(.get), .action(SiteRoute.library.path), .class("library-search"), .attribute(named: "role", value: "search"),
                .label(.for("q"), "Search the articles"),
                .input(.type(.search), .name("q"), .id("q"), .value(attributeText(trimmed))),
                .button(.type(.submit), "Search")
            ),
            trimmed.isEmpty
                ? .forEach(Library.topics) { topic in
                    let articles = library.articles.filter { $0.topic == topic }
                    return .if(!articles.isEmpty, .section(.h2(.text(topic)), list(articles)))
                }
                : .group(
                    .p(.attribute(named: "role", value: "status"), .text(found.isEmpty
                        ? "No article mentions “\(trimmed)”. Try a shorter word, or browse them all."
                        : "\(found.count) \(found.count == 1 ? "article mentions" : "articles mention") “\(trimmed)”.")),
                    list(found),
                    .p(.a(.href(SiteRoute.library.path), "All articles, by topic"))
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
