import Foundation
import TendApp
import Testing
import TendCore

@testable import TendWeb

@Suite("Journal, cycle, progress and the report")
struct JournalPagesTests {
    @Test(arguments: ["/journal", "/cycle", "/progress", "/report", "/report/print?from=2027-01-01&to=2027-01-15&notes=on"])
    func everyJournalPageAsksForTheSpaceToBeUnlocked(path: String) async throws {
        try await withTestApp { browser, _ in
            let response = try await browser.get(path)
            #expect(response.status == .seeOther)
            #expect(response.location == "/unlock")
        }
    }

    @Test func aNewSpaceShowsKindEmptyStates() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            #expect(try await browser.get("/journal").text.contains("No check-ins yet."))
            #expect(try await browser.get("/progress").text.contains("Nothing to show yet."))
            #expect(try await browser.get("/cycle").text.contains("Log the day a period starts"))
        }
    }

    @Test func aNoteLargerThanTendAcceptsIsRefusedAs413AndNothingIsSaved() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            let today = Day(clock.now).description
            let refused = try await browser.post("/journal", form: ["day": today, "note": String(repeating: "a", count: 70_000)])
            #expect(refused.status == .contentTooLarge)
            #expect(refused.text.contains("more text than Tend accepts"))
            #expect(!(try await browser.get("/journal?day=\(today)").text.contains("aaaaaaaaaa")))
        }
    }

    @Test func aCheckInIsSavedOncePerDayAndReadBack() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            let today = Day(clock.now).description
            let form = [
                "day": today, "bodyTension": "6", "mood": "steady", "tried-tampon": "on", "anxiety-tampon": "5", "pain-tampon": "3",
                "note": "<b>a calm evening</b>",
            ]
            let saved = try await browser.post("/journal", form: form)
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/journal?day=\(today)&saved=yes")

            var changed = form
            changed["pain-tampon"] = "2"
            _ = try await browser.post("/journal", form: changed)
            let page = try await browser.get("/journal?day=\(today)").text
            #expect(page.contains("value=\"2\""))
            #expect(page.contains("&lt;b&gt;a calm evening&lt;/b&gt;"))
            #expect(!page.contains("<b>a calm evening"))
            // One entry for the day, not two.
            #expect(page.components(separatedBy: "a tampon tried, pain 2").count == 2)
        }
    }

    @Test(arguments: [
        (["day": "2027-02-30"], "Please give the day as a date"),
        (["day": "2099-01-01"], "not one still to come"),
        (["bodyTension": "11"], "goes from 0 to 10"),
        (["anxiety-dilator": "many"], "whole numbers from 0 to 10"),
        (["pain-finger": "-1"], "go from 0 to 10"),
        (["note": String(repeating: "x", count: 4_001)], "longer than 4000 characters"),
    ])
    func badCheckInsAreRefusedPlainlyAndNothingIsSaved(fields: [String: String], message: String) async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            var form = ["day": Day(clock.now).description, "mood": "low"]
            form.merge(fields) { $1 }
            let response = try await browser.post("/journal", form: form)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(message))
            #expect(try await browser.get("/journal").text.contains("No check-ins yet."))
        }
    }

    @Test func periodStartsGiveAPhaseEstimateThatSaysItIsOne() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            let today = Day(clock.now)
            for daysAgo in [58, 30, 2] {
                #expect(try await browser.post("/cycle/periods", form: ["day": (today - daysAgo).description]).location == "/cycle")
            }
            var page = try await browser.get("/cycle").text
            #expect(page.contains("Day 3: period"))
            #expect(page.contains("An estimate from your last 2 cycles (about 28 days)"))

            _ = try await browser.post("/cycle/periods", form: ["day": (today - 2).description, "remove": "yes"])
            page = try await browser.get("/cycle").text
            #expect(page.contains("Day 31"))

            _ = try await browser.post("/cycle", form: ["lifeStage": "cycling", "contraception": "implant"])
            #expect(try await browser.get("/cycle").text.contains("hormones usually stay even"))

            let refused = try await browser.post("/cycle/periods", form: ["day": (today + 3).description])
            #expect(refused.status == .badRequest)
            let unknown = try await browser.post("/cycle", form: ["lifeStage": "space", "contraception": "none"])
            #expect(unknown.status == .badRequest)
        }
    }

    @Test func theReportShowsOnlyWhatWasTicked() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            let today = Day(clock.now)
            let note = "canary note \(UUID().uuidString)"
            _ = try await browser.post("/journal", form: ["day": today.description, "tried-finger": "on", "pain-finger": "4", "note": note])
            let range = "from=\((today - 7).description)&to=\(today.description)"

            let bare = try await browser.get("/report/print?\(range)").text
            #expect(bare.contains("Nothing was ticked"))
            #expect(!bare.contains(note))
            #expect(!bare.contains("Pain and anxiety by kind"))

            let chosen = try await browser.get("/report/print?\(range)&notes=on&trends=on").text
            #expect(chosen.contains(note))
            #expect(chosen.contains("Pain and anxiety by kind of penetration"))
            #expect(!chosen.contains("Tender points by clock position"))

            let backwards = try await browser.get("/report/print?from=\(today.description)&to=\((today - 7).description)")
            #expect(backwards.status == .badRequest)
        }
    }
}

/// Home reads only the last four weeks of check-ins (by their identifiers) to see whether pain
/// keeps coming back, and says so kindly; older pain does not count.
@Suite struct HomeRecurringPainTests {
    @Test func homeCountsStrongPainInTheLastFourWeeksOnly() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            let today = Day(clock.now)
            for daysAgo in [40, 45, 50, 55] {
                let saved = try await browser.post("/journal", form: ["day": (today - daysAgo).description, "tried-dilator": "on", "pain-dilator": "8"])
                #expect(saved.status == .seeOther)
            }
            #expect(!(try await browser.get("/").text.contains("in the last four weeks")))
            for daysAgo in [1, 5, 9] {
                _ = try await browser.post("/journal", form: ["day": (today - daysAgo).description, "tried-dilator": "on", "pain-dilator": "8"])
            }
            let home = try await browser.get("/").text
            #expect(home.contains("Strong pain has come up on 3 days in the last four weeks"))
        }
    }
}
