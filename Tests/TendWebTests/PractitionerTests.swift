import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TendApp
import TendCore
import TendVault
import Testing

@testable import TendWeb

/// Practitioners on a hosted Tend: a second factor to sign in, links people make and end, and
/// shares only the practitioner's own key opens.
@Suite("Practitioners")
struct PractitionerTests {
    static let passphrase = "kettle violet harbour"

    /// A hosted Tend (open sign-up) on a fresh data folder; the body gets a new browser each call.
    static func withHostedTend(
        clock: ManualClock = ManualClock(), _ body: @Sendable (_ browser: () -> Browser, _ folder: URL) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-practitioners-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = AppConfig(port: 0, dataDirectory: folder.path, scryptCost: .testingOnly, logLevel: .warning)
        config.hosting = .hosted(.open)
        let app = try await buildApplication(config: config, clock: clock.tendClock)
        try await app.test(.router) { client in
            try await body({ Browser(client: client) }, folder)
        }
    }

    /// Signs a practitioner up through the real form, with the code their app would show; returns
    /// their authenticator secret.
    @discardableResult
    static func signUpPractitioner(_ browser: Browser, name: String, shown: String, clock: ManualClock) async throws -> OneTimeCode {
        let page = try await browser.get("/practitioners/sign-up").text
        let key = try #require(page.firstMatch(of: /name="codeSecret" value="([A-Z2-7 ]+)"/))
        let code = try #require(OneTimeCode(base32: String(key.1)))
        let made = try await browser.post("/practitioners/sign-up", form: [
            "name": name, "displayName": shown, "passphrase": passphrase, "confirmation": passphrase,
            "codeSecret": String(key.1), "code": code.code(at: clock.now),
        ])
        #expect(made.status == .ok)
        #expect(made.text.contains("Write down your recovery key"))
        return code
    }

    /// A fresh link code from a signed-in practitioner's page.
    static func linkCode(_ practitioner: Browser) async throws -> String {
        let made = try await practitioner.post("/practitioner/link-code").text
        return String(try #require(made.firstMatch(of: /link-code">([A-Z0-9]{4}-[A-Z0-9]{4})</)).1)
    }

    /// The identifier of the person's first link, read from their sharing page.
    static func firstLink(_ person: Browser) async throws -> String {
        String(try #require(try await person.get("/sharing").text.firstMatch(of: /action="\/sharing\/([^\/"]+)\/share"/)).1)
    }

    /// Sam (a practitioner) and Willow (a person), linked; `before` runs on Willow's space first.
    static func linked(
        _ browser: () -> Browser, clock: ManualClock, before: (Browser) async throws -> Void = { _ in }
    ) async throws -> (sam: Browser, willow: Browser, link: String) {
        let sam = browser()
        try await signUpPractitioner(sam, name: "sam", shown: "Sam, physiotherapist", clock: clock)
        let code = try await linkCode(sam)
        let willow = browser()
        _ = try await HostedTests.signUp(willow, name: "willow")
        try await before(willow)
        try await willow.post("/sharing/link/confirm", form: ["linkCode": code, "pseudonym": "Willow"])
        return (sam, willow, try await firstLink(willow))
    }

    @Test func aPractitionerSignsUpWithAnAuthenticatorAndSignsInWithItsCodeOnce() async throws {
        let clock = ManualClock()
        try await Self.withHostedTend(clock: clock) { browser, _ in
            let sam = browser()
            // A code that does not match the key shown makes nothing.
            let page = try await sam.get("/practitioners/sign-up").text
            let key = try #require(page.firstMatch(of: /name="codeSecret" value="([A-Z2-7 ]+)"/))
            let wrong = try await sam.post("/practitioners/sign-up", form: [
                "name": "sam", "displayName": "Sam, physiotherapist", "passphrase": Self.passphrase, "confirmation": Self.passphrase,
                "codeSecret": String(key.1), "code": "000000",
            ])
            #expect(wrong.status == .badRequest)
            #expect(wrong.text.contains("does not match the authenticator app"))
            #expect(try await sam.get("/").location == "/unlock")

            let code = try await Self.signUpPractitioner(sam, name: "sam", shown: "Sam, physiotherapist", clock: clock)
            #expect(try await sam.get("/").location == "/practitioner")
            try await sam.post("/lock")

            // Name and passphrase alone do not open a practitioner's space, nor does the code just used.
            let noCode = try await sam.post("/unlock", form: ["name": "sam", "passphrase": Self.passphrase])
            #expect(noCode.status == .unauthorized)
            #expect(noCode.text.contains("Practitioners: check the six-digit code"))
            let reused = try await sam.post("/unlock", form: ["name": "sam", "passphrase": Self.passphrase, "code": code.code(at: clock.now)])
            #expect(reused.status == .unauthorized)
            clock.advance(30)
            let opened = try await sam.post("/unlock", form: ["name": "sam", "passphrase": Self.passphrase, "code": code.code(at: clock.now)])
            #expect(opened.location == "/")

            // The API asks the same: a code, once.
            try await sam.post("/lock")
            clock.advance(30)
            let apiNoCode = try await sam.api(.post, "/api/v1/space/unlock", json: #"{"name":"sam","passphrase":"\#(Self.passphrase)"}"#)
            #expect(apiNoCode.status == .unauthorized)
            let apiOpened = try await sam.api(
                .post, "/api/v1/space/unlock", json: #"{"name":"sam","passphrase":"\#(Self.passphrase)","code":"\#(code.code(at: clock.now))"}"#)
            #expect(apiOpened.status.code < 300)

            // Wrong codes are wrong guesses: after a few, this client waits, whatever it types.
            try await sam.post("/lock")
            clock.advance(30)
            for _ in 0..<GuessThrottle.freeAttempts {
                _ = try await sam.post("/unlock", form: ["name": "sam", "passphrase": Self.passphrase, "code": "123456"])
            }
            let waiting = try await sam.post("/unlock", form: ["name": "sam", "passphrase": Self.passphrase, "code": code.code(at: clock.now)])
            #expect(waiting.status == .tooManyRequests)
        }
    }

    @Test func aPersonLinksSharesAndEndingTheLinkLeavesNothing() async throws {
        let clock = ManualClock()
        try await Self.withHostedTend(clock: clock) { browser, folder in
            let canary = "canary-\(UUID().uuidString.prefix(8))"
            let sam = browser()
            try await Self.signUpPractitioner(sam, name: "sam", shown: "Sam Rivera, pelvic-health physiotherapist", clock: clock)
            let code = try await Self.linkCode(sam)

            let willow = browser()
            _ = try await HostedTests.signUp(willow, name: "willow")
            let today = Day(clock.now)
            try await willow.post("/journal", form: ["day": today.description, "note": "sore but calmer \(canary)"])
            #expect(try await willow.post("/sharing/link", form: ["linkCode": "ZZZZ-ZZZZ"]).status == .badRequest)
            let preview = try await willow.post("/sharing/link", form: ["linkCode": code.lowercased()])
            #expect(preview.text.contains("Sam Rivera, pelvic-health physiotherapist"))
            #expect(try await sam.get("/practitioner").text.contains("Nobody yet"))  // looking links nothing
            #expect(try await willow.post("/sharing/link/confirm", form: ["linkCode": code, "pseudonym": "W from Tuesdays"]).location == "/sharing")
            // A code works once.
            let rowan = browser()
            _ = try await HostedTests.signUp(rowan, name: "rowan")
            let again = try await rowan.post("/sharing/link/confirm", form: ["linkCode": code, "pseudonym": "x"])
            #expect(again.status == .badRequest)
            #expect(again.text.contains("does not match a practitioner here"))

            let link = try await Self.firstLink(willow)
            #expect(try await willow.get("/sharing").text.contains("You have not shared anything with them yet."))
            let shared = try await willow.post("/sharing/\(link)/share", form: [
                "from": (today - 7).description, "to": today.description, "notes": "on", "frequency": "on",
            ])
            #expect(shared.location == "/sharing")
            #expect(try await willow.get("/sharing").text.contains("your notes"))

            // The practitioner reads exactly that, by the name Willow chose.
            let people = try await sam.get("/practitioner").text
            #expect(people.contains("W from Tuesdays"))
            let seen = try await sam.get("/practitioner/people/\(link)").text
            #expect(seen.contains(canary))

            // Another practitioner reads nothing of it, and Willow's own account has no practitioner's pages.
            let other = browser()
            try await Self.signUpPractitioner(other, name: "kit", shown: "Kit, coach", clock: clock)
            #expect(try await other.get("/practitioner/people/\(link)").status == .notFound)
            #expect(try await willow.get("/practitioner/people/\(link)").status != .ok)

            // The practitioner's own notes are theirs alone, sealed too.
            let kept = try await sam.post("/practitioner/people/\(link)/notes", form: ["note": "pelvic floor softer; \(canary)-own"])
            #expect(kept.text.contains("Saved."))
            #expect(try await sam.get("/practitioner/people/\(link)").text.contains("\(canary)-own"))
            #expect(!(try await willow.get("/sharing").text.contains("\(canary)-own")))
            #expect(try await other.post("/practitioner/people/\(link)/notes", form: ["note": "x"]).status == .notFound)
            let tooLong = try await sam.post("/practitioner/people/\(link)/notes", form: ["note": String(repeating: "a", count: 4_001)])
            #expect(tooLong.status == .badRequest)
            #expect(try await sam.get("/practitioner/people/\(link)").text.contains("\(canary)-own"))  // nothing lost

            // Stored, it is ciphertext: the canary is in no file of the data folder.
            for file in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
                let data = (try? Data(contentsOf: folder.appendingPathComponent(file))) ?? Data()
                #expect(data.range(of: Data(canary.utf8)) == nil, "the canary was found in \(file)")
            }

            // Willow ends the link: the practitioner sees neither Willow nor anything shared.
            #expect(try await willow.post("/sharing/\(link)/end").location == "/sharing")
            #expect(try await sam.get("/practitioner/people/\(link)").status == .notFound)
            #expect(!(try await sam.get("/practitioner").text.contains("W from Tuesdays")))
            #expect(!(try await willow.get("/sharing").text.contains("Sam Rivera")))
        }
    }

    @Test func aShareCanBeTakenBackAndAPractitionerCanEndTheLinkToo() async throws {
        let clock = ManualClock()
        try await Self.withHostedTend(clock: clock) { browser, _ in
            let (sam, willow, link) = try await Self.linked(browser, clock: clock)
            let today = Day(clock.now)
            // Nothing ticked is nothing shared, said plainly.
            let empty = try await willow.post("/sharing/\(link)/share", form: ["from": (today - 7).description, "to": today.description])
            #expect(empty.status == .badRequest)
            #expect(empty.text.contains("Nothing was ticked"))
            try await willow.post("/sharing/\(link)/share", form: ["from": (today - 7).description, "to": today.description, "frequency": "on"])
            #expect(try await sam.get("/practitioner/people/\(link)").text.contains("how often you practised"))
            let page = try await willow.get("/sharing").text
            let share = String(try #require(page.firstMatch(of: /name="share" value="([^"]+)"/)).1)
            try await willow.post("/sharing/\(link)/withdraw", form: ["share": share])
            #expect(try await sam.get("/practitioner/people/\(link)").text.contains("Nothing shared yet"))

            #expect(try await sam.post("/practitioner/people/\(link)/end").location == "/practitioner")
            #expect(!(try await willow.get("/sharing").text.contains("Sam, physiotherapist")))
        }
    }

    @Test func aPractitionerKeptUpToDateSeesEachNewNoteUntilThePersonStops() async throws {
        let clock = ManualClock()
        try await Self.withHostedTend(clock: clock) { browser, _ in
            let (sam, willow, link) = try await Self.linked(browser, clock: clock)
            let today = Day(clock.now)
            try await willow.post("/journal", form: ["day": (today - 1).description, "note": "first note"])
            #expect(try await willow.post("/sharing/\(link)/continuous", form: ["weeks": "4"]).status == .badRequest)  // nothing ticked
            #expect(try await willow.post("/sharing/\(link)/continuous", form: ["weeks": "5", "keep-notes": "on"]).status == .badRequest)
            #expect(try await willow.post("/sharing/\(link)/continuous", form: ["weeks": "4", "keep-notes": "on"]).location == "/sharing")
            #expect(try await willow.get("/sharing").text.contains("Kept up to date, the last 4 weeks: your notes"))
            let first = try await sam.get("/practitioner/people/\(link)").text
            #expect(first.contains("first note"))
            #expect(first.contains("Kept up to date by them"))
            #expect(first.contains(#"href="/practitioner">People</a>"#))  // the practitioner's own menu

            // A new note: the practitioner sees it with nothing shared again.
            clock.advance(600)
            try await willow.post("/journal", form: ["day": today.description, "note": "second note"])
            let second = try await sam.get("/practitioner/people/\(link)").text
            #expect(second.contains("second note") && second.contains("first note"))
            #expect(second.components(separatedBy: "shared-report").count == 2)  // one share, replaced

            try await willow.post("/sharing/\(link)/continuous", form: ["stop": "yes"])
            #expect(try await sam.get("/practitioner/people/\(link)").text.contains("Nothing shared yet"))
            try await willow.post("/journal", form: ["day": today.description, "note": "third note"])
            #expect(!(try await sam.get("/practitioner/people/\(link)").text.contains("third note")))
        }
    }

    static let pace = ["anxiety": "2", "pain": "2", "practicesNeeded": "4", "shortestMinutes": "8", "longestMinutes": "12", "everyDays": "3"]

    @Test func aLadderIsPreviewedOfferedAndTakenOnOrDeclined() async throws {
        let clock = ManualClock()
        try await Self.withHostedTend(clock: clock) { browser, _ in
            let (sam, willow, link) = try await Self.linked(browser, clock: clock) { willow in
                try await willow.post("/steps/mirror/practise", form: StepsTests.practice(before: 1, after: 1, pain: 0))
            }
            let ladder = "A slim tampon\nBreathing with a warm hand resting low\nDilator 12 mm"

            // A line or a number that will not do is named, and what was typed stays.
            let badLine = try await sam.post("/practitioner/people/\(link)/offer", form: Self.pace.merging(["ladder": "A slim tampon\nDilator 90 mm", "action": "offer"]) { $1 })
            #expect(badLine.status == .badRequest)
            #expect(badLine.text.contains("steps[1]: A dilator&#39;s width") || badLine.text.contains("steps[1]: A dilator's width"))
            #expect(badLine.text.contains("Dilator 90 mm"))
            let badPace = try await sam.post("/practitioner/people/\(link)/offer", form: Self.pace.merging(["ladder": ladder, "pain": "6", "action": "offer"]) { $1 })
            #expect(badPace.status == .badRequest)
            #expect(badPace.text.contains("pain"))
            #expect(try await willow.get("/sharing").text.contains("suggests a steps ladder") == false)

            let preview = try await sam.post("/practitioner/people/\(link)/offer", form: Self.pace.merging(["ladder": ladder, "action": "preview"]) { $1 })
            #expect(preview.text.contains("Breathing with a warm hand resting low"))
            #expect(preview.text.contains("anxiety 2 and pain 2"))
            let offered = try await sam.post("/practitioner/people/\(link)/offer", form: Self.pace.merging(["ladder": ladder, "note": "Go gently", "action": "offer"]) { $1 })
            #expect(offered.text.contains("Offered. It waits for their answer."))

            let sharing = try await willow.get("/sharing").text
            #expect(sharing.contains("Sam, physiotherapist suggests a steps ladder"))
            #expect(sharing.contains("Go gently"))
            let offer = String(try #require(sharing.firstMatch(of: /action="\/sharing\/offers\/([^"]+)"/)).1)
            // Nobody else can answer it.
            let rowan = browser()
            _ = try await HostedTests.signUp(rowan, name: "rowan")
            #expect(try await rowan.post("/sharing/offers/\(offer)", form: ["answer": "accept"]).status == .notFound)
            #expect(try await willow.post("/sharing/offers/\(offer)", form: ["answer": "accept"]).location == "/steps")
            let steps = try await willow.get("/steps/arrange").text
            #expect(steps.contains("Breathing with a warm hand resting low"))
            #expect(steps.contains("Looking, with a mirror"))  // practised, so kept (hidden)
            #expect(!(try await willow.get("/sharing").text.contains("suggests a steps ladder")))

            // Declined, a suggestion changes nothing.
            try await sam.post("/practitioner/people/\(link)/offer", form: Self.pace.merging(["ladder": "Looking, with a mirror", "action": "offer"]) { $1 })
            let again = try await willow.get("/sharing").text
            let second = String(try #require(again.firstMatch(of: /action="\/sharing\/offers\/([^"]+)"/)).1)
            #expect(try await willow.post("/sharing/offers/\(second)", form: ["answer": "decline"]).location == "/sharing")
            #expect(try await willow.get("/steps/arrange").text.contains("Breathing with a warm hand resting low"))
        }
    }

    @Test func aLinkOrItsQRCodeOpensTheSameQuestionAsTypingTheCode() async throws {
        let clock = ManualClock()
        try await Self.withHostedTend(clock: clock) { browser, _ in
            // Given Sam made a code, shown with a link and its QR code
            let sam = browser()
            try await Self.signUpPractitioner(sam, name: "sam", shown: "Sam, physiotherapist", clock: clock)
            let made = try await sam.post("/practitioner/link-code").text
            let code = String(try #require(made.firstMatch(of: /link-code">([A-Z0-9]{4}-[A-Z0-9]{4})</)).1)
            let link = String(try #require(made.firstMatch(of: /join-link">(http:\/\/[^<]+)</)).1)
            #expect(link.hasSuffix("/sharing/link?code=\(code)"))
            #expect(made.contains("A QR code of the link"))

            // When Willow opens it: unlocked, she is asked; locked, she unlocks first
            let willow = browser()
            _ = try await HostedTests.signUp(willow, name: "willow")
            let asked = try await willow.get("/sharing/link?code=\(code)")
            #expect(asked.status == .ok)
            #expect(asked.text.contains("Sam, physiotherapist"))
            #expect(asked.text.contains(#"action="/sharing/link/confirm""#))
            #expect(try await browser().get("/sharing/link?code=\(code)").location == "/unlock")
            let unknown = try await willow.get("/sharing/link?code=ABCD-2345")
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("does not match a practitioner here"))
            #expect(try await willow.get("/sharing/link").location == "/sharing")

            // Then nothing was linked until she agrees (opening the link used nothing up)
            #expect(try await sam.get("/practitioner").text.contains("Nobody yet"))
            try await willow.post("/sharing/link/confirm", form: ["linkCode": code, "pseudonym": "Willow"])
            #expect(try await sam.get("/practitioner").text.contains("Willow"))
        }
    }

    @Test func whatWasSharedBeforeAPartExistedStillReads() throws {
        // A share or standing choice kept before "each session in brief" existed has no such tick.
        let kept = Data(#"{"intake":true,"map":false,"trends":false,"frequency":true,"notes":false,"steps":false}"#.utf8)
        let contents = try JSONDecoder().decode(SharedReport.Contents.self, from: kept)
        #expect(contents == SharedReport.Contents(intake: true, frequency: true))
        #expect(contents.words == ["where you started", "how often you practised"])
    }

    @Test func onePersonsTendOffersNoPractitioners() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            #expect(try await browser.get("/sharing").status == .notFound)
            #expect(try await browser.get("/practitioners/sign-up").status == .notFound)
        }
    }
}
