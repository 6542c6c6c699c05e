import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TendApp
import TendCore
import Testing

@testable import TendWeb

@Suite("Steps: graded practice, paced by the person's own numbers")
struct StepsTests {
    /// The form a practice page posts.
    static func practice(before: Int, after: Int, pain: Int, note: String = "") -> [String: String] {
        ["anxietyBefore": "\(before)", "anxietyAfter": "\(after)", "painAfter": "\(pain)", "minutes": "12", "note": note]
    }

    @Test func theUsualLadderIsThereBeforeAnythingIsChanged() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let page = try await browser.get("/steps")
            #expect(page.status == .ok)
            #expect(page.text.contains("Looking, with a mirror"))
            #expect(page.text.contains("A partner&#39;s fingertip") || page.text.contains("A partner's fingertip"))
            #expect(page.text.contains("You are here"))
            #expect(!page.text.contains("card suggestion"))
            #expect(try await browser.get("/").text.contains("/steps"))
        }
    }

    @Test func threeManageablePracticesMakeTheNextStepReadyWhenYouAre() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            for round in 0..<3 {
                #expect(try await browser.get("/steps/mirror/practise").status == .ok)
                let saved = try await browser.post("/steps/mirror/practise", form: Self.practice(before: 4, after: round == 0 ? 3 : 1, pain: 0))
                #expect(saved.location == "/steps")
                if round == 1 {
                    #expect(!(try await browser.get("/steps").text.contains("Ready when you are")))
                }
                clock.advance(60)
            }
            let page = try await browser.get("/steps").text
            #expect(page.contains("Ready when you are"))
            #expect(page.contains("Move on to “Touching the outside”"))
            // Moving on is the person's choice, and it is one tap.
            let chosen = try await browser.post("/steps/arrange", form: ["action": "choose", "step": "outsideTouch"])
            #expect(chosen.location == "/steps")
            #expect(try await browser.get("/progress").text.contains("first felt manageable"))
        }
    }

    @Test func aPracticeThatHurtIsAnsweredKindlyWithTheStepBefore() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            _ = try await browser.post("/steps/arrange", form: ["action": "choose", "step": "outsideTouch"])
            _ = try await browser.post("/steps/outsideTouch/practise", form: Self.practice(before: 5, after: 6, pain: 7))
            let page = try await browser.get("/steps").text
            #expect(page.contains("That practice hurt"))
            #expect(page.contains("Go back to “Looking, with a mirror”"))
            #expect(page.contains("/library/after-practice") && page.contains("/library/getting-help"))
            #expect(!page.contains("Move on to"))
            // Saying it hurts while practising answers at once, with rest first.
            let hurts = try await browser.get("/steps/outsideTouch/practise?hurts=1").text
            #expect(hurts.contains(PainAnswer.stop.words(to: .alone).prefix(20)))
            #expect(hurts.contains("Rest and end here"))
        }
    }

    @Test func aLadderArrangedByThePersonIsTheOneTendFollows() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            _ = try await browser.post("/steps/arrange", form: ["action": "hide", "step": "mirror"])
            _ = try await browser.post("/steps/arrange", form: ["action": "add", "title": "Sitting with a warm hand on my belly"])
            _ = try await browser.post("/steps/arrange", form: ["action": "dilator", "diameter": "22"])
            _ = try await browser.post("/steps/arrange", form: ["action": "dilator", "diameter": "13"])
            _ = try await browser.post("/steps/arrange", form: ["action": "down", "step": "outsideTouch"])
            _ = try await browser.post("/steps/arrange", form: ["action": "rename", "step": "tampon", "title": "The slimmest tampon I have"])
            let page = try await browser.get("/steps").text
            #expect(!page.contains("Looking, with a mirror"))
            #expect(page.contains("Sitting with a warm hand on my belly"))
            #expect(page.contains("The slimmest tampon I have"))
            let order = ["A fingertip at the entrance", "Touching the outside", "Dilator, 13 mm", "Dilator, 22 mm", "A partner"]
                .map { page.range(of: $0)?.lowerBound }
            #expect(order.allSatisfy { $0 != nil })
            #expect(zip(order, order.dropFirst()).allSatisfy { $0! < $1! })
            // The first shown step is where the person is, now that the mirror is hidden.
            #expect(try await browser.get("/steps/mirror/practise").status == .notFound)
        }
    }

    @Test(arguments: [
        (["action": "pace", "anxiety": "3", "pain": "5", "practicesNeeded": "3", "shortestMinutes": "10", "longestMinutes": "15", "everyDays": "2"], "pain limit goes from 0 to 3"),
        (["action": "pace", "anxiety": "3", "pain": "2", "practicesNeeded": "0", "shortestMinutes": "10", "longestMinutes": "15", "everyDays": "2"], "between 1 and 10 practices"),
        (["action": "pace", "anxiety": "x"], "whole number"),
        (["action": "dilator", "diameter": "200"], "5"),
        (["action": "remove", "step": "mirror"], "hidden rather than removed"),
        (["action": "choose", "step": "nowhere"], "not on the ladder"),
        (["action": "launch"], "not recognised"),
    ])
    func arrangingRefusesWhatTendWouldNotKeepAndChangesNothing(form: [String: String], says: String) async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let before = try await browser.get("/steps/arrange").text
            let refused = try await browser.post("/steps/arrange", form: form)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains(says))
            #expect(try await browser.get("/steps/arrange").text == before)
        }
    }

    @Test func aPracticeWithAMissingRatingComesBackWithWhatWasTyped() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let refused = try await browser.post("/steps/mirror/practise", form: ["anxietyBefore": "3", "painAfter": "1", "note": "kept <b>safe</b>"])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("how anxious you felt afterwards"))
            #expect(refused.text.contains("kept &lt;b&gt;safe&lt;/b&gt;"))
            #expect(try await browser.post("/steps/mirror/practise", form: Self.practice(before: 1, after: 1, pain: 11)).status == .badRequest)
            #expect(try await browser.post("/steps/unknown/practise", form: Self.practice(before: 1, after: 1, pain: 1)).status == .notFound)
            #expect(!(try await browser.get("/progress").text.contains("steps-progress")))
        }
    }

    @Test func theCalendarFeedFollowsTheStepsRhythmWhenAskedTo() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            let today = Day(clock.now)
            let saved = try await browser.post(
                "/reminders", form: ["day-1": "on", "time": "19:30", "minutes": "20", "title": "Quiet time", "steps": "on", "action": "save"])
            #expect(saved.location == "/reminders")
            let feed = try RemindersTests.feedPath(in: try await browser.get("/reminders").text)
            let compact = { (day: Day) in day.description.replacingOccurrences(of: "-", with: "") }
            #expect(try await browser.get(feed).text.contains("DTSTART:\(compact(today))T193000\r\nDURATION:PT20M\r\nRRULE:FREQ=DAILY;INTERVAL=2"))

            _ = try await browser.post("/steps/mirror/practise", form: Self.practice(before: 2, after: 1, pain: 0))
            let moved = try await browser.get(feed).text
            #expect(moved.contains("DTSTART:\(compact(today + 2))T193000"))
            _ = try await browser.post("/steps/arrange", form: [
                "action": "pace", "anxiety": "3", "pain": "3", "practicesNeeded": "3", "shortestMinutes": "10", "longestMinutes": "15",
                "everyDays": "4",
            ])
            let slower = try await browser.get(feed).text
            #expect(slower.contains("DTSTART:\(compact(today + 4))T193000"))
            #expect(slower.contains("RRULE:FREQ=DAILY;INTERVAL=4"))
        }
    }

    @Test(arguments: ["nan", "inf", "1", "99999999999999999999", "soon"])
    func aStartTimeFromTheFormIsKeptOnlyWhenItIsFromTheLastDay(startedAt: String) async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            var form = Self.practice(before: 1, after: 1, pain: 0)
            form["startedAt"] = startedAt
            #expect(try await browser.post("/steps/mirror/practise", form: form).location == "/steps")
            let earlier = String(Int(clock.now.timeIntervalSince1970) - 600)
            form["startedAt"] = earlier
            #expect(try await browser.post("/steps/mirror/practise", form: form).location == "/steps")
            let body = try await browser.get("/api/v1/steps").json()
            let times = try #require(body["practices"] as? [[String: Any]]).compactMap { $0["startedAt"] as? String }
            let formatter = ISO8601DateFormatter()
            #expect(times.compactMap { formatter.date(from: $0)?.timeIntervalSince1970 }
                == [clock.now.timeIntervalSince1970 - 600, clock.now.timeIntervalSince1970])
        }
    }

    @Test func theReportShowsStepsOnlyWhenTicked() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            _ = try await browser.post("/steps/mirror/practise", form: Self.practice(before: 2, after: 1, pain: 0))
            let today = Day(clock.now)
            let range = "from=\(today - 7)&to=\(today)"
            #expect(!(try await browser.get("/report/print?\(range)").text.contains("Graded practice")))
            let report = try await browser.get("/report/print?\(range)&steps=on").text
            #expect(report.contains("Graded practice"))
            #expect(report.contains("Looking, with a mirror"))
        }
    }

    @Test func theAPIKeepsStepsAsThePagesDoAndMatchesTheDocument() async throws {
        try await withTestApp { browser, _ in
            let document = try await OpenAPIDocument(browser.get("/api/openapi.yaml"))
            try await browser.setUpSpace()
            let empty = try await browser.get("/api/v1/steps")
            try document.check(empty, path: "/api/v1/steps", method: .get)
            let recorded = try await browser.api(
                .post, "/api/v1/steps/practices", json: #"{"stepID":"mirror","anxietyBefore":3,"anxietyAfter":2,"painAfter":6}"#)
            #expect(recorded.status == .created)
            try document.check(recorded, path: "/api/v1/steps/practices", method: .post)
            #expect(try recorded.json()["suggestionWords"] as? String == StepSuggestion.rest(after: StepPracticeID(rawValue: "x")).words)

            let bad = try await browser.api(
                .post, "/api/v1/steps/practices", json: #"{"stepID":"mirror","anxietyBefore":3,"anxietyAfter":2,"painAfter":16}"#)
            #expect(bad.status == .badRequest)
            #expect(try bad.json()["detail"] as? String == "The field painAfter must be between 0 and 10.")
            let twice = #"{"ladder":{"steps":[{"id":"a","kind":"custom","title":"One","isHidden":false},{"id":"a","kind":"custom","title":"Two","isHidden":false}]},"thresholds":{"anxiety":3,"pain":3,"practicesNeeded":3,"shortestMinutes":10,"longestMinutes":15,"everyDays":2}}"#
            let refused = try await browser.api(.post, "/api/v1/steps", json: twice)
            #expect(refused.status == .conflict)
            #expect((try refused.json()["detail"] as? String)?.hasPrefix("The field ladder.steps") == true)
            let orphaning = #"{"ladder":{"steps":[{"id":"a","kind":"custom","title":"One","isHidden":false}]},"thresholds":{"anxiety":3,"pain":3,"practicesNeeded":3,"shortestMinutes":10,"longestMinutes":15,"everyDays":2}}"#
            #expect(try await browser.api(.post, "/api/v1/steps", json: orphaning).status == .conflict)
            let unknownStep = try await browser.api(
                .post, "/api/v1/steps/practices", json: #"{"stepID":"nowhere","anxietyBefore":3,"anxietyAfter":2,"painAfter":1}"#)
            #expect(unknownStep.status == .notFound)
        }
    }
}
