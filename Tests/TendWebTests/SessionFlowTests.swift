import Foundation
import Hummingbird
import HummingbirdTesting
import TendCore
import Testing

@testable import TendWeb

@Suite("A solo session through the pages")
struct SessionFlowTests {
    /// Starts a session and returns its page path.
    static func startSession(_ browser: Browser) async throws -> String {
        let started = try await browser.post("/sessions/new")
        #expect(started.status == .seeOther)
        return try #require(started.location)
    }

    static func version(in page: String) throws -> String {
        String(try #require(page.firstMatch(of: /name="version" value="(\d+)"/)).1)
    }

    /// Presses one of the page's buttons, as a person would: with the version the page showed.
    @discardableResult
    static func press(_ intent: String, on path: String, _ browser: Browser, extra: [String: String] = [:]) async throws -> TestResponse {
        let page = try await browser.get(path)
        var form = ["intent": intent, "version": try version(in: page.text)]
        form.merge(extra) { $1 }
        return try await browser.post(path + "/events", form: form)
    }

    @Test func walkingToTheFirstPointOfGateOneAndRatingIt() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            let path = try await Self.startSession(browser)
            #expect(try await browser.get(path).text.contains("Make the space yours"))

            try await Self.press("next", on: path, browser)
            let warmUp = try await browser.get(path)
            #expect(warmUp.text.contains("30 minutes"))
            #expect(warmUp.text.contains("data-chime-after=\"1800\""))
            clock.advance(95)
            for _ in 0..<3 { try await Self.press("next", on: path, browser) }

            let point = try await browser.get(path)
            #expect(point.text.contains("Gate 1 · 6 o&apos;clock") || point.text.contains("Gate 1 · 6 o'clock"))
            #expect(point.text.contains("now at 6 o'clock") || point.text.contains("now at 6 o&apos;clock"))
            #expect(point.text.contains("Next point"))
            #expect(point.text.contains("Rest and close for today"))
            #expect(!point.text.contains("masthead-links"))

            let badRating = try await Self.press("rate", on: path, browser, extra: ["tension": "12"])
            #expect(badRating.status == .badRequest)
            #expect(badRating.text.contains("from 0 to 10"))

            let rated = try await Self.press("rate", on: path, browser, extra: ["tension": "6", "pain": "2"])
            #expect(rated.status == .seeOther)
            let ratedPage = try await browser.get(path).text
            #expect(ratedPage.contains(#"name="tension" value="6" class="chip chosen""#))
            #expect(ratedPage.contains(#"name="pain" value="2" class="chip chosen""#))
            #expect(!ratedPage.contains("pain-answer"))

            // Pain is answered at once: easing off and ending come first, never "next".
            try await Self.press("rate", on: path, browser, extra: ["tension": "6", "pain": "5"])
            let eased = try await browser.get(path).text
            #expect(eased.contains("pain-answer"))
            #expect(eased.contains(PainAnswer.easeOff.words(to: .alone)))
            let actions = try #require(eased.firstRange(of: #"class="actions""#)).upperBound
            let leave = try #require(eased[actions...].firstRange(of: "Leave this point for today")).lowerBound
            let enough = try #require(eased[actions...].firstRange(of: "Enough for today")).lowerBound
            #expect(leave < enough)
            #expect(!eased[actions...].prefix(600).contains("Next point"))
        }
    }

    @Test func aDoubleTapNeverSkipsAPoint() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let path = try await Self.startSession(browser)
            let page = try await browser.get(path)
            let seen = try Self.version(in: page.text)

            try await browser.post(path + "/events", form: ["intent": "next", "version": seen])
            try await browser.post(path + "/events", form: ["intent": "next", "version": seen])

            #expect(try await browser.get(path).text.contains("Warm-up"))
        }
    }

    @Test func endIsOneTapFromTheWarmUpAndTheReflectionIsKeptAsPlainText() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let path = try await Self.startSession(browser)
            try await Self.press("next", on: path, browser)

            let warmUp = try await browser.get(path)
            #expect(warmUp.text.contains("data-intent=\"end\""))
            // End carries the page's version but is never dropped, even when stale.
            try await browser.post(path + "/events", form: ["intent": "end", "version": "0"])

            let close = try await browser.get(path)
            #expect(close.text.contains("How did it feel?"))
            try await Self.press("end", on: path, browser, extra: [
                "howItFelt": "<script>alert(1)</script> softer than I feared", "emotions": "relief, tears", "note": "",
            ])

            let summary = try await browser.get(path)
            #expect(summary.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; softer than I feared"))
            #expect(!summary.text.contains("<script>alert"))
            #expect(summary.text.contains("relief, tears"))
            #expect(summary.text.contains("ended when you chose, which is always right"))
            let history = try await browser.get("/sessions")
            #expect(history.text.contains(path))
        }
    }

    @Test func pausingStopsTheClockAndNextWaitsForResume() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            let path = try await Self.startSession(browser)
            try await Self.press("next", on: path, browser)
            try await Self.press("pause", on: path, browser)
            clock.advance(600)

            let paused = try await browser.get(path)
            #expect(paused.text.contains("Paused. The clock has stopped."))
            #expect(paused.text.contains("data-running=\"no\""))
            #expect(paused.text.contains(">0:00<"))
            let refused = try await Self.press("next", on: path, browser)
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("Resume when you are ready"))

            try await Self.press("resume", on: path, browser)
            #expect(try await browser.get(path).text.contains("data-running=\"yes\""))
        }
    }

    @Test func anUnfinishedSessionIsOfferedOnTheHomePage() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace(passphrase: "kettle violet harbour")
            let path = try await Self.startSession(browser)
            try await browser.post("/lock")
            try await browser.post("/unlock", form: ["passphrase": "kettle violet harbour"])

            let home = try await browser.get("/")

            #expect(home.text.contains("Carry on where you left off"))
            #expect(home.text.contains("href=\"\(path)\""))
        }
    }

    @Test(arguments: ["/sessions/no-such-session", "/sessions/no-such-session/events"])
    func anUnknownSessionIsAFriendlyNotFound(path: String) async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let response = path.hasSuffix("events")
                ? try await browser.post(path, form: ["intent": "next"])
                : try await browser.get(path)
            #expect(response.status == .notFound)
            #expect(response.text.contains("not in this space"))
        }
    }

    @Test func anUnknownButtonIsRefusedWithoutChangingTheSession() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let path = try await Self.startSession(browser)
            let before = try await browser.get(path).text

            let response = try await Self.press("leap-ahead", on: path, browser)

            #expect(response.status == .badRequest)
            #expect(response.text.contains("not recognised"))
            #expect(try Self.version(in: try await browser.get(path).text) == (try Self.version(in: before)))
        }
    }
}
