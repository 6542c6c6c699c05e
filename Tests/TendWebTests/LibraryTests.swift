import Foundation
import TendCore
import Testing

@testable import TendWeb

/// The library holds what people need, in Tend's own words, and its links all lead somewhere.
struct LibraryContentTests {
    let library: Library

    init() throws {
        library = try Library.load(program: try Program.standard())
    }

    @Test func thereAreAtLeastTwentyArticlesEachWithATitleADateASummaryAndATopic() {
        #expect(library.articles.count >= 20)
        for article in library.articles {
            #expect(!article.title.isEmpty && !article.summary.isEmpty, "\(article.slug)")
            #expect(article.date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, "\(article.slug): \(article.date)")
            #expect(Library.topics.contains(article.topic), "\(article.slug)")
        }
    }

    @Test func everyLinkBetweenArticlesLeadsToOne() {
        let slugs = Set(library.articles.map(\.slug))
        for article in library.articles {
            for match in article.html.matches(of: /href="([^"]+)"/) {
                let target = String(match.1)
                if target.hasPrefix("http") || target.hasPrefix("#") || target.hasPrefix("mailto:") { continue }
                let slug = target.hasPrefix("/library/") ? String(target.dropFirst("/library/".count)) : target
                if target.hasPrefix("/") && !target.hasPrefix("/library/") { continue }  // a page of Tend's own
                #expect(slugs.contains(slug), "\(article.slug) links to \(target), which is not an article")
            }
        }
    }

    @Test func noArticleClaimsWhatTendNeverClaims() {
        let claims = ["cure", "cured", "guaranteed", "guarantee", "diagnose you", "miracle"]
        for article in library.articles {
            let words = article.searchText
            for claim in claims {
                #expect(words.range(of: "\\b\(claim)\\b", options: .regularExpression) == nil,
                    "\(article.slug) says “\(claim)”")
            }
        }
    }

    @Test func theIndexSearchesAndSaysWhenNothingMatches() async throws {
        try await withTestApp { browser, _ in
            let found = try await browser.get("/library?q=dilator").text
            #expect(found.contains("/library/dilators-at-home"))
            #expect(found.contains("mention"))
            let none = try await browser.get("/library?q=xylophone").text
            #expect(none.contains("No article mentions"))
            #expect(none.contains("xylophone"))
        }
    }

    @Test func everyArticleTheSuggestionsPointToExists() {
        let slugs = Set(library.articles.map(\.slug))
        for guidance in Guidance.allCases {
            for slug in guidance.articles {
                #expect(slugs.contains(slug), "\(guidance) points to \(slug)")
            }
        }
    }

    @Test func searchFindsArticlesByTheirWords() {
        #expect(library.search("dilator").contains { $0.slug == "dilators-at-home" })
        #expect(library.search("DILATOR sizes").first?.slug == "dilators-at-home")
        #expect(library.search("zzzz-nothing").isEmpty)
        #expect(library.search("   ").count == library.articles.count)
    }
}
