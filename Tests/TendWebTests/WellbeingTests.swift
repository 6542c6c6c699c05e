import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TendWeb

@Suite("Practices, the intake and appointment help")
struct WellbeingTests {
    @Test(arguments: ["/practice", "/practice/breath", "/practice/pelvic-floor", "/practice/jaw", "/appointments"])
    func practicesAndAppointmentHelpWorkWhileLocked(path: String) async throws {
        try await withTestApp { browser, _ in
            let response = try await browser.get(path)
            #expect(response.status == .ok)
            #expect(!response.text.contains("http://") && !response.text.contains("https://"))
        }
    }

    @Test func theBreathPacerDefaultsToFourInSixOutAndCarriesItsSteps() async throws {
        try await withTestApp { browser, _ in
            let page = try await browser.get("/practice/breath").text
            #expect(page.contains("In for 4 seconds, out for 6 seconds."))
            #expect(page.contains("&quot;seconds&quot;:4") || page.contains("\"seconds\":4"))
            #expect(page.contains("data-repeat=\"forever\""))
        }
    }

    @Test(arguments: [
        ("?inhale=6&exhale=4", "at least as long as the in-breath"),
        ("?inhale=1&exhale=6", "Choose between 2 and 15 seconds for the in-breath"),
        ("?inhale=abc&exhale=6", "Choose between 2 and 15 seconds for the in-breath"),
    ])
    func aPaceThatIsNotAcceptedSaysWhyAndFallsBackToTheStandard(query: String, message: String) async throws {
        try await withTestApp { browser, _ in
            let response = try await browser.get("/practice/breath" + query)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(message))
            #expect(response.text.contains("In for 4 seconds, out for 6 seconds."))
        }
    }

    @Test func aShorterOutBreathIsAllowedWhenChosenKnowingly() async throws {
        try await withTestApp { browser, _ in
            let response = try await browser.get("/practice/breath?inhale=6&exhale=4&shorter=on")
            #expect(response.status == .ok)
            #expect(response.text.contains("In for 6 seconds, out for 4 seconds."))
        }
    }

    @Test func pelvicFloorTimingsKeepTheReleaseLong() async throws {
        try await withTestApp { browser, _ in
            let refused = try await browser.get("/practice/pelvic-floor?contract=5&release=6&rest=5&reps=3")
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("at least 10 seconds"))

            let accepted = try await browser.get("/practice/pelvic-floor?contract=5&release=10&rest=5&reps=3")
            #expect(accepted.status == .ok)
            #expect(accepted.text.contains("3 rounds"))
        }
    }

    @Test func theIntakeNeedsTheSpaceUnlocked() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            try await browser.post("/lock")
            #expect(try await browser.get("/intake").location == "/unlock")
        }
    }

    @Test func totalVaginismusLeadsToReferralGuidanceKeptWithTheAnswers() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let form = try await browser.get("/intake")
            #expect(form.text.contains("can anything go in at all?"))

            let saved = try await browser.post("/intake", form: ["extent": "total", "onset": "always", "anxiety-medicalExam": "9"])
            let result = try await browser.get(try #require(saved.location))

            #expect(result.text.contains("Please see a GP and a pelvic-health physiotherapist"))
            #expect(result.text.contains("dilators"))
            #expect(result.text.contains("This is not a diagnosis"))
            #expect(result.text.contains("Begin on your own"))
            #expect(result.text.contains("Prepare for appointments"))
            #expect(try await browser.get("/intake").text.contains("Your earlier answers"))
        }
    }

    @Test func mildAnswersSayWhatTheyShowAndNeverThatNothingIsWrong() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let saved = try await browser.post("/intake", form: ["extent": "partial", "pain-tampon": "3", "anxiety-tampon": "2"])
            let result = try await browser.get(try #require(saved.location))
            #expect(!result.text.contains("Please see a GP"))
            #expect(!result.text.contains("Nothing in your answers calls for anything special"))
            #expect(result.text.contains("come back to these questions"))
        }
    }

    @Test func severePainWithAPartnerAndAtExaminationsSuggestsACheckUp() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let saved = try await browser.post("/intake", form: ["extent": "partial", "pain-partner": "10", "pain-medicalExam": "10"])
            let result = try await browser.get(try #require(saved.location))
            #expect(result.text.contains("Please see a GP and a pelvic-health physiotherapist"))
        }
    }

    @Test func painThatBeganLaterWithPressureGetsACheckUpAndAGentleNote() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let saved = try await browser.post("/intake", form: [
                "extent": "partial", "onset": "later", "contributor-menopause": "on", "contributor-forcedOrPressured": "on", "pain-partner": "4",
            ])
            let result = try await browser.get(try #require(saved.location)).text
            #expect(result.contains("/library/other-causes-of-pain"))
            #expect(result.contains("/library/practising-after-trauma"))
        }
    }

    @Test func aRatingOutsideTheScaleIsRefusedAndNothingIsSaved() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let response = try await browser.post("/intake", form: ["extent": "partial", "pain-tampon": "42"])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("Ratings go from 0 to 10"))
            #expect(!(try await browser.get("/intake").text.contains("Your earlier answers")))
        }
    }

    @Test func anUnknownIntakeIsAFriendlyNotFound() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            #expect(try await browser.get("/intake/nope").status == .notFound)
        }
    }
}

@Suite("The learning library")
struct LibraryTests {
    @Test func everyArticleIsListedRendersAndLinksOnlyWithinTend() async throws {
        try await withTestApp { browser, _ in
            let index = try await browser.get("/library").text
            let slugs = index.matches(of: /href="\/library\/([a-z-]+)"/).map { String($0.1) }
            #expect(slugs.count >= 20)
            #expect(slugs.first == "what-is-vaginismus")
            #expect(index.contains("<h2>Getting help</h2>"))

            for slug in slugs {
                let page = try await browser.get("/library/\(slug)")
                #expect(page.status == .ok)
                #expect(page.text.contains("reviewed 2026-"))
                // No script inside the article itself: only Tend's own script files, loaded by the frame.
                let prose = try #require(page.text.firstMatch(of: /<article class="prose">(.*?)<\/article>/.dotMatchesNewlines()))
                #expect(!prose.1.contains("<script"))
                #expect(page.text.matches(of: /<script(?![^>]*\ssrc=)/).isEmpty)
                #expect(!page.text.contains("{{"))
                for link in page.text.matches(of: /<a href="([^"]+)"/).map({ String($0.1) }) {
                    #expect(!link.contains("://"), "\(slug) links outside Tend: \(link)")
                }
            }
            #expect(try await browser.get("/library/gates-and-clock-face").text.contains("<svg class=\"clock-face\""))
            #expect(try await browser.get("/library/nope").status == .notFound)
        }
    }
}

@Suite("Settings for sessions")
struct SettingsTests {
    @Test func jawRemindersAreOffUntilChosenAndThenReachTheSessionPage() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let path = try await SessionFlowTests.startSession(browser)
            #expect(!(try await browser.get(path).text.contains("jaw-cue")))
            #expect(try await browser.get(path).text.contains("Breathe with a pacer"))

            let saved = try await browser.post("/settings", form: ["inhale": "4", "exhale": "8", "jaw": "5"])
            #expect(saved.location == "/settings?saved=yes")
            #expect(try await browser.get("/settings?saved=yes").text.contains("Saved."))

            let page = try await browser.get(path).text
            #expect(page.contains("data-interval=\"300\""))
            #expect(page.contains("In for 4 seconds, out for 8 seconds."))
        }
    }

    @Test(arguments: [
        (["inhale": "8", "exhale": "4", "jaw": "off"], "at least as long as the in-breath"),
        (["inhale": "4", "exhale": "6", "jaw": "1"], "every 2 to 30 minutes"),
    ])
    func settingsThatCannotBeUsedSayWhyAndChangeNothing(form: [String: String], message: String) async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            let response = try await browser.post("/settings", form: form)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(message))
            let path = try await SessionFlowTests.startSession(browser)
            #expect(try await browser.get(path).text.contains("In for 4 seconds, out for 6 seconds."))
        }
    }
}

@Suite("The boundaries agreement pages")
struct AgreementPageTests {
    static let complete = [
        "durationMinutes": "45", "positions": "On my side, knees bent", "pauseSignal": "I say pause",
        "holdStillSignal": "Two taps", "endSignal": "I say end", "giverHelp": "Remind me to breathe out",
        "feedbackStyle": "softerFirmer", "anythingElse": "", "notForeplayAgreed": "yes",
    ]

    @Test func writingItThenRevisingItKeepsTheEarlierVersion() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            #expect(try await browser.get("/agreement").text.contains("You have not written one yet."))

            #expect(try await browser.post("/agreement", form: Self.complete).location == "/agreement")
            clock.advance(120)
            var revised = Self.complete
            revised["durationMinutes"] = "30"
            try await browser.post("/agreement", form: revised)

            let page = try await browser.get("/agreement").text
            #expect(page.contains("30 minutes"))
            #expect(page.contains("Earlier versions"))
            #expect(page.contains("45 minutes"))
            #expect(page.contains("“Softer” or “firmer”"))
            #expect(page.contains("This massage is not foreplay, and penetration is not expected."))
            #expect(try await browser.get("/agreement/edit").text.contains("value=\"30\""))
        }
    }

    @Test func missingAnswersAreNamedBesideTheirFieldsAndNothingIsSaved() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace()
            var incomplete = Self.complete
            incomplete["endSignal"] = " "
            incomplete["notForeplayAgreed"] = nil

            let response = try await browser.post("/agreement", form: incomplete)

            #expect(response.status == .badRequest)
            #expect(response.text.contains("Agree how the receiver will say"))
            #expect(response.text.contains("Both of you need to agree"))
            #expect(response.text.contains("On my side, knees bent"))
            #expect(try await browser.get("/agreement").text.contains("You have not written one yet."))
        }
    }
}
