import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TendApp
import Testing

@testable import TendWeb

@Suite("Setting up, unlocking and locking the space")
struct SpaceFlowTests {
    @Test func settingUpShowsTheRecoveryKeyOnceAndUnlocks() async throws {
        try await withTestApp { browser, _ in
            let form = try await browser.get("/setup")
            #expect(form.text.contains("At least 10 characters"))

            let key = try await browser.setUpSpace()

            #expect(key.count == 39)
            #expect(try await browser.get("/setup").location == "/")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("Start a session"))
            #expect(!home.text.contains(key))
            #expect(home.text.contains("Lock"))
            let saved = try await browser.post("/setup/saved", form: ["saved": "yes"])
            #expect(saved.status == .seeOther)
        }
    }

    @Test(arguments: [
        ("kettle violet harbour", "kettle violet harbor", "not the same"),
        ("short", "short", "at least 10 characters"),
    ])
    func aBadPassphraseReRendersTheFormWithAClearMessage(passphrase: String, confirmation: String, message: String) async throws {
        try await withTestApp { browser, _ in
            let response = try await browser.post("/setup", form: ["passphrase": passphrase, "confirmation": confirmation])

            #expect(response.status == .badRequest)
            #expect(response.text.contains(message))
            #expect(response.text.contains("<form"))
            #expect(try await browser.get("/").text.contains("Nothing has been set up"))
        }
    }

    @Test func aSecondSetUpIsRefused() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let response = try await browser.post("/setup", form: ["passphrase": "another passphrase", "confirmation": "another passphrase"])
            #expect(response.status == .conflict)
            #expect(response.text.contains("already has a private space"))
        }
    }

    @Test func lockingSendsYouToUnlockAndTheRightPassphraseBringsYouHome() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace(passphrase: "kettle violet harbour")

            let locked = try await browser.post("/lock")
            #expect(locked.location == "/unlock")
            #expect(try await browser.get("/").location == "/unlock")
            #expect(try await browser.get("/sessions").location == "/unlock")

            let wrong = try await browser.post("/unlock", form: ["passphrase": "kettle violet harbor"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("does not open this space"))

            let right = try await browser.post("/unlock", form: ["passphrase": "kettle violet harbour"])
            #expect(right.location == "/")
            #expect(try await browser.get("/").status == .ok)
        }
    }

    @Test func repeatedWrongPassphrasesSlowDownThenTimeLetsYouTryAgain() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace(passphrase: "kettle violet harbour")
            try await browser.post("/lock")
            for _ in 0..<GuessThrottle.freeAttempts {
                #expect(try await browser.post("/unlock", form: ["passphrase": "guess guess guess"]).status == .unauthorized)
            }

            let throttled = try await browser.post("/unlock", form: ["passphrase": "kettle violet harbour"])
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.text.contains("try again in 1 second"))

            clock.advance(2)
            #expect(try await browser.post("/unlock", form: ["passphrase": "kettle violet harbour"]).location == "/")
        }
    }

    @Test func anIdleSpaceLocksItself() async throws {
        try await withTestApp(autoLockMinutes: 15) { browser, clock in
            try await browser.setUpSpace()
            clock.advance(14 * 60)
            #expect(try await browser.get("/").status == .ok)

            clock.advance(15 * 60 + 1)

            #expect(try await browser.get("/").location == "/unlock")
        }
    }

    @Test func theRecoveryKeyOpensTheSpaceAndSetsANewPassphrase() async throws {
        try await withTestApp { browser, _ in
            let key = try await browser.setUpSpace(passphrase: "kettle violet harbour")
            try await browser.post("/lock")

            let bad = try await browser.post("/recover", form: ["recoveryKey": "not a key", "passphrase": "new passphrase here", "confirmation": "new passphrase here"])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("eight groups of four"))

            let recovered = try await browser.post(
                "/recover", form: ["recoveryKey": key.lowercased(), "passphrase": "new passphrase here", "confirmation": "new passphrase here"])
            #expect(recovered.status == .ok)
            try await browser.post("/lock")

            #expect(try await browser.post("/unlock", form: ["passphrase": "kettle violet harbour"]).status == .unauthorized)
            #expect(try await browser.post("/unlock", form: ["passphrase": "new passphrase here"]).location == "/")
        }
    }

    @Test func formsWithoutTheAntiForgeryTokenChangeNothing() async throws {
        try await withTestApp { browser, _ in
            let missing = try await browser.post("/setup", form: ["passphrase": "kettle violet harbour", "confirmation": "kettle violet harbour"], csrf: "forged")
            #expect(missing.status == .forbidden)
            #expect(missing.text.contains("nothing was changed"))

            let foreignOrigin = try await browser.post(
                "/setup", form: ["passphrase": "kettle violet harbour", "confirmation": "kettle violet harbour"],
                headers: [.origin: "http://evil.example"])
            #expect(foreignOrigin.status == .forbidden)

            browser.forgetCookie(CSRFMiddleware.cookieName)
            let noCookie = try await browser.send("/lock", method: .post, headers: [:], body: nil)
            #expect(noCookie.status == .forbidden)

            #expect(try await browser.get("/").text.contains("Nothing has been set up"))
        }
    }

    @Test func aRealBrowsersNullOriginIsAcceptedWithTheToken() async throws {
        try await withTestApp { browser, _ in
            let response = try await browser.post(
                "/setup", form: ["passphrase": "kettle violet harbour", "confirmation": "kettle violet harbour"],
                headers: [.origin: "null"])
            #expect(response.status == .ok)
            #expect(response.text.contains("Write down your recovery key"))
        }
    }

    @Test func aRequestForAnotherHostNameIsRefused() async throws {
        try await withTestApp { browser, _ in
            // A page elsewhere reaching Tend through a name that resolves to this computer.
            let rebound = try await browser.get("/", headers: [HostMiddleware.hostField: "tend.evil.example"])
            #expect(rebound.status == .misdirectedRequest)
            #expect(try await browser.get("/", headers: [HostMiddleware.hostField: "localhost:8080"]).status == .ok)
            #expect(try await browser.get("/", headers: [HostMiddleware.hostField: "127.0.0.1"]).status == .ok)
            // A known name with anything but a port after it would become the origin of the links Tend shows.
            for odd in ["localhost:1@evil.example", "localhost:", "localhost:80a", "[::1]x", "127.0.0.1:1234567"] {
                #expect(try await browser.get("/", headers: [HostMiddleware.hostField: odd]).status == .misdirectedRequest, "\(odd)")
            }
            #expect(try await browser.get("/", headers: [HostMiddleware.hostField: "[::1]:8080"]).status == .ok)
        }
    }

    @Test func theSessionCookieIsHttpOnlyAndStrict() async throws {
        try await withTestApp { browser, _ in
            let response = try await browser.post("/setup", form: ["passphrase": "kettle violet harbour", "confirmation": "kettle violet harbour"])
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("tend_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
        }
    }
}
