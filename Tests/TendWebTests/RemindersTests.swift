import Foundation
import Testing
import TendCore

@testable import TendWeb

@Suite("Practice reminders as a private calendar feed")
struct RemindersTests {
    static func feedPath(in page: String) throws -> String {
        let match = try #require(page.firstMatch(of: /https?:\/\/[^\/"]+(\/calendar\/[A-Za-z0-9_-]{43}\/calendar\.ics)/))
        return String(match.1)
    }

    @Test func chosenTimesBecomeAFeedThatOpensWithoutTheSpace() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let empty = try await browser.get("/reminders")
            #expect(empty.text.contains("Turn on my calendar link"))
            #expect(!empty.text.contains("/calendar/"))

            let saved = try await browser.post("/reminders", form: ["day-1": "on", "day-4": "on", "time": "19:30", "minutes": "20", "title": "Tea, slowly", "action": "save"])
            #expect(saved.location == "/reminders")
            let page = try await browser.get("/reminders")
            let feed = try Self.feedPath(in: page.text)

            // A calendar app has no cookie and the space may be locked: the link alone opens it.
            _ = try await browser.post("/lock")
            let calendarApp = Browser(client: browser.client)
            let calendar = try await calendarApp.get(feed)
            #expect(calendar.status == .ok)
            #expect(calendar.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(calendar.text.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,TH\r\n"))
            #expect(calendar.text.contains("SUMMARY:Tea\\, slowly\r\n"))
            #expect(calendar.text.contains("T193000\r\n"))
            #expect(calendar.text.contains("DURATION:PT20M\r\n"))
            // A made-up link, or one a character off, opens nothing.
            var wrong = Array(feed)
            wrong[10] = wrong[10] == "A" ? "B" : "A"
            #expect(try await calendarApp.get(String(wrong)).status == .notFound)
            #expect(try await calendarApp.get("/calendar/not-a-token/calendar.ics").status == .notFound)
        }
    }

    @Test func aNewLinkRetiresTheOldAndTurningOffRetiresBoth() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let plan = ["day-7": "on", "time": "08:00", "minutes": "30", "title": "Quiet time"]
            _ = try await browser.post("/reminders", form: plan.merging(["action": "save"]) { $1 })
            let first = try Self.feedPath(in: try await browser.get("/reminders").text)
            // Changing the times keeps the link the calendar already knows.
            _ = try await browser.post("/reminders", form: plan.merging(["time": "09:15", "action": "save"]) { $1 })
            #expect(try Self.feedPath(in: try await browser.get("/reminders").text) == first)
            #expect(try await browser.get(first).text.contains("T091500\r\n"))

            _ = try await browser.post("/reminders", form: plan.merging(["action": "new-link"]) { $1 })
            let second = try Self.feedPath(in: try await browser.get("/reminders").text)
            #expect(second != first)
            #expect(try await browser.get(first).status == .notFound)
            #expect(try await browser.get(second).status == .ok)

            _ = try await browser.post("/reminders", form: ["action": "off"])
            #expect(try await browser.get(second).status == .notFound)
            let off = try await browser.get("/reminders")
            #expect(!off.text.contains("/calendar/"))
            // The chosen times stay, ready to turn on again.
            #expect(off.text.contains("value=\"08:00\""))
        }
    }

    @Test func badPlansAreRefusedPlainlyAndChangeNothing() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let cases: [([String: String], String)] = [
                (["time": "19:30", "minutes": "30", "title": "Quiet time"], "at least one day"),
                (["day-2": "on", "time": "", "minutes": "30", "title": "Quiet time"], "time of day"),
                (["day-2": "on", "time": "25:00", "minutes": "30", "title": "Quiet time"], "time of day"),
                (["day-2": "on", "time": "19:30", "minutes": "9999", "title": "Quiet time"], "how long"),
                (["day-2": "on", "time": "19:30", "minutes": "30", "title": "   "], "title"),
                (["day-2": "on", "time": "19:30", "minutes": "30", "title": String(repeating: "x", count: 61)], "60 characters"),
            ]
            for (form, message) in cases {
                let refused = try await browser.post("/reminders", form: form.merging(["action": "save"]) { $1 })
                #expect(refused.status == .badRequest)
                #expect(refused.text.contains(message))
                #expect(!(try await browser.get("/reminders").text.contains("/calendar/")))
            }
            // Locked, the page asks for the passphrase rather than showing anything.
            _ = try await browser.post("/lock")
            #expect(try await browser.get("/reminders").location == "/unlock")
        }
    }

    @Test func remindersTravelInTheExportAndTheLinkIsRenewedOnImport() async throws {
        let box = YourDataTests.DataBox()
        let feedBox = YourDataTests.DataBox()
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            _ = try await browser.post("/reminders", form: ["day-3": "on", "time": "18:45", "minutes": "15", "title": "Stretch", "action": "save"])
            feedBox.data = Data(try Self.feedPath(in: try await browser.get("/reminders").text).utf8)
            box.data = Data(buffer: try await browser.get("/your-data/tend-export.json").body)
        }
        let oldFeed = String(decoding: feedBox.data, as: UTF8.self)
        let text = String(decoding: box.data, as: UTF8.self)
        #expect(text.contains("\"calendarFeed\" : true"))
        #expect(!text.contains(String(oldFeed.split(separator: "/")[1])))
        try await withTestApp { browser, _ in
            let made = try await browser.upload(
                "/setup/from-export", fields: ["passphrase": "kettle violet harbour", "confirmation": "kettle violet harbour"], files: ["export": box.data])
            #expect(made.status == .ok)
            let newFeed = try Self.feedPath(in: try await browser.get("/reminders").text)
            #expect(newFeed != oldFeed)
            #expect(try await browser.get(newFeed).text.contains("SUMMARY:Stretch\r\n"))
            #expect(Data(buffer: try await browser.get("/your-data/tend-export.json").body) == box.data)
        }
    }
}
