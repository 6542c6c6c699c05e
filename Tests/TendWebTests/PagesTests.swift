import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TendWeb

@Suite("Pages, headers and errors")
struct PagesTests {
    @Test func healthAnswersWithoutUnlocking() async throws {
        try await withTestApp { client, _ in
            let response = try await client.get("/healthz")
            #expect(response.status == .ok)
            #expect(response.text == "ok\n")
        }
    }

    @Test(arguments: ["/", "/healthz", "/assets/tend.css", "/no-such-page"])
    func everyResponseCarriesTheSecurityHeaders(path: String) async throws {
        try await withTestApp { client, _ in
            let response = try await client.get(path)

            let policy = try #require(response.headers[.contentSecurityPolicy])
            #expect(policy.contains("default-src 'self'"))
            #expect(policy.contains("frame-ancestors 'none'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(response.headers[.cacheControl] != nil)
        }
    }

    @Test func theFirstPageSaysNothingIsSetUpYetAndLoadsNothingFromElsewhere() async throws {
        try await withTestApp { client, _ in
            let response = try await client.get("/")

            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.text.contains("Nothing has been set up on this computer yet"))
            #expect(response.text.contains("href=\"/setup\""))
            #expect(!response.text.contains("http://") && !response.text.contains("https://"))
            #expect(!response.text.contains("<script>"))
        }
    }

    @Test func anUnknownAddressGetsAFriendlyPage() async throws {
        try await withTestApp { client, _ in
            let response = try await client.get("/nowhere/at/all")

            #expect(response.status == .notFound)
            #expect(response.text.contains("There is nothing at this address"))
            #expect(response.text.contains("href=\"/\""))
        }
    }

    @Test func assetsAreServedWithAValidator() async throws {
        try await withTestApp { client, _ in
            let first = try await client.get("/assets/tend.css")
            #expect(first.status == .ok)
            #expect(first.headers[.contentType] == "text/css; charset=utf-8")
            let etag = try #require(first.headers[.eTag])

            let again = try await client.get("/assets/tend.css", headers: [.ifNoneMatch: etag])

            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
        }
    }
}

@Suite("The theme switch")
struct ThemeTests {
    @Test func lowLightIsTheDefaultAndTheLightThemeIsRemembered() async throws {
        try await withTestApp { browser, _ in
            let first = try await browser.get("/").text
            #expect(first.contains("content=\"dark\""))
            #expect(!first.contains("class=\"light"))

            let switched = try await browser.post("/theme", form: ["theme": "light", "back": "/setup"])

            #expect(switched.location == "/setup")
            let page = try await browser.get("/setup").text
            #expect(page.contains("<body class=\"light\">"))
            #expect(page.contains("Use the low-light theme"))
        }
    }

    @Test(arguments: ["//elsewhere.example/", "https://elsewhere.example/", "/\\elsewhere"])
    func theWayBackNeverLeavesTend(back: String) async throws {
        try await withTestApp { browser, _ in
            let switched = try await browser.post("/theme", form: ["theme": "light", "back": back])
            #expect(switched.location == "/")
        }
    }
}

@Suite("Nothing a person or a URL sends can break out of an attribute")
struct EscapingTests {
    @Test func thePathTheThemeFormReturnsToStaysInsideItsAttribute() {
        // Any page's theme switch carries the page's own path back; a path is outside input.
        let chrome = Chrome(csrfToken: "token", isUnlocked: false, currentPath: #"/nowhere"><b>injected"#)
        let page = ErrorPage.render(Problem(status: .notFound, title: "Not found", detail: "Nothing here."), chrome: chrome)
        #expect(page.contains(#"name="back" value="/nowhere&quot;&gt;&lt;b&gt;injected""#))
        #expect(!page.contains("<b>injected"))
    }

    @Test func emotionsWithQuotesStayInsideTheirField() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let path = try await SessionFlowTests.startSession(browser)
            try await SessionFlowTests.press("enoughForToday", on: path, browser)
            // Save a reflection without finishing, through the API's reflect intent.
            let id = String(path.split(separator: "/").last!)
            try await browser.api(.post, "/api/v1/sessions/\(id)/events", json: #"{"intent":"reflect","reflection":{"emotions":["calm\"><b>bold"]}}"#)
            let close = try await browser.get(path).text
            #expect(close.contains("value=\"calm&quot;&gt;&lt;b&gt;bold\""))
            #expect(!close.contains("<b>bold"))
        }
    }
}
