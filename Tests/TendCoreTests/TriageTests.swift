import Foundation
import Testing

@testable import TendCore

@Suite("Intake triage: every rule's branch")
struct TriageTests {
    static func intake(
        _ extent: Extent = .partial, _ experiences: [PenetrationType: Experience] = [:], onset: Onset = .always,
        ticked: [Contributor] = []
    ) -> Intake {
        Intake(extent: extent, onset: onset, contributors: ticked.map(\.label), experiences: experiences)
    }

    static func pain(_ level: Int) -> Experience { Experience(anxiety: nil, pain: level) }

    /// For each rule, answers whose suggestions change when that rule alone is taken out.
    static let witnesses: [String: Intake] = [
        "nothing-can-go-in": intake(.total),
        "severe-pain-small": intake(.partial, [.tampon: pain(Triage.severePain)]),
        "severe-pain-any": intake(.partial, [.dilator: pain(9)]),
        "began-later": intake(.partial, onset: .later),
        "possible-trauma": intake(.partial, ticked: [.forcedOrPressured]),
        "begin-solo": intake(.total),
        "first-techniques": intake(.total),
        "examinations": intake(.partial, [.medicalExam: Experience(anxiety: Triage.highAnxiety, pain: nil)]),
        "partner": intake(.partial, [.partner: Experience(anxiety: Triage.highAnxiety, pain: nil)]),
    ]

    // MARK: - Every rule carries weight

    @Test func everyRuleHasAWitnessThatChangesWhenTheRuleIsTakenOut() throws {
        #expect(Set(Triage.rules.map(\.id)).count == Triage.rules.count, "rule ids are unique")
        #expect(Set(Triage.rules.map(\.id)) == Set(Self.witnesses.keys))
        for rule in Triage.rules {
            let witness = try #require(Self.witnesses[rule.id])
            let without = Triage.rules.filter { $0.id != rule.id }
            #expect(Triage.suggestions(for: witness, rules: without) != Triage.suggestions(for: witness), "\(rule.id)")
        }
    }

    // MARK: - Seeing a professional

    @Test func totalVaginismusSuggestsAProfessionalSoloPracticeAndTheFirstTechniques() {
        let suggestions = Triage.suggestions(for: Self.intake(.total))
        #expect(suggestions.map(\.guidance) == [.seeGPAndPhysiotherapist, .beginSolo, .startWithFirstTechniques])
        #expect(suggestions[0].reason.contains("nothing can go in"))
    }

    @Test(arguments: [PenetrationType.tampon, .cottonBud, .finger])
    func severePainWithSomethingSmallSuggestsAProfessional(type: PenetrationType) {
        let suggestions = Triage.suggestions(
            for: Self.intake(.partial, [type: Experience(anxiety: 3, pain: Triage.severePain)]))
        #expect(suggestions.map(\.guidance) == [.seeGPAndPhysiotherapist, .beginSolo, .startWithFirstTechniques])
        #expect(suggestions[0].reason.contains("something small"))
    }

    @Test(arguments: [PenetrationType.dilator, .partner, .medicalExam])
    func severePainWithAnyOtherKindSuggestsAProfessionalToo(type: PenetrationType) {
        let suggestions = Triage.suggestions(for: Self.intake(.partial, [type: Self.pain(Triage.severePain)]))
        #expect(
            Array(suggestions.map(\.guidance).prefix(3)) == [
                .seeGPAndPhysiotherapist, .beginSolo, .startWithFirstTechniques,
            ])
        #expect(suggestions[0].reason.contains("\(Triage.severePain) or more out of 10"))
        #expect(suggestions[0].articles == ["getting-help", "other-kinds-of-help"])
    }

    @Test func partnerPainTenAndExaminationPainTenSuggestACheckUp() {
        let suggestions = Triage.suggestions(
            for: Self.intake(.partial, [.partner: Self.pain(10), .medicalExam: Self.pain(10)]))
        #expect(
            suggestions.map(\.guidance) == [
                .seeGPAndPhysiotherapist, .beginSolo, .startWithFirstTechniques, .prepareForAppointments,
            ])
    }

    @Test func dilatorPainNineSuggestsACheckUp() {
        let suggestions = Triage.suggestions(for: Self.intake(.partial, [.dilator: Experience(anxiety: 0, pain: 9)]))
        #expect(suggestions.map(\.guidance) == [.seeGPAndPhysiotherapist, .beginSolo, .startWithFirstTechniques])
        #expect(suggestions[0].title == "See a GP and a pelvic-health physiotherapist")
    }

    @Test(arguments: PenetrationType.allCases)
    func painJustBelowTheThresholdSuggestsNothing(type: PenetrationType) {
        #expect(
            Triage.suggestions(for: Self.intake(.partial, [type: Experience(anxiety: 2, pain: Triage.severePain - 1)]))
                .isEmpty)
    }

    // MARK: - Pain that began later

    @Test func painThatBeganLaterSuggestsACheckForOtherCauses() {
        let suggestions = Triage.suggestions(for: Self.intake(.partial, onset: .later))
        #expect(suggestions.map(\.guidance) == [.checkOtherCauses])
        #expect(suggestions[0].id == "checkOtherCauses")
        #expect(suggestions[0].articles == ["other-causes-of-pain"])
        #expect(suggestions[0].reason.contains("common and can be treated"))
    }

    @Test(arguments: [Contributor.birth, .menopause, .infection, .surgery, .medicineChange])
    func aChangeInTheBodyTickedSuggestsACheckEvenWhenUnsureSinceWhen(change: Contributor) {
        let suggestions = Triage.suggestions(for: Self.intake(.partial, onset: .unsure, ticked: [change]))
        #expect(suggestions.map(\.guidance) == [.checkOtherCauses])
    }

    @Test(arguments: [Contributor.anxiety, .unknown])
    func otherContributorsAloneSuggestNothing(contributor: Contributor) {
        #expect(Triage.suggestions(for: Self.intake(.partial, onset: .always, ticked: [contributor])).isEmpty)
    }

    // MARK: - A trauma-aware note

    @Test func painAfterMenopauseWithForcedOrPressuredTickedGetsTheCheckAndTheTraumaAwareNote() {
        let suggestions = Triage.suggestions(
            for: Self.intake(.partial, onset: .later, ticked: [.menopause, .forcedOrPressured]))
        #expect(suggestions.map(\.guidance) == [.checkOtherCauses, .goGentlyAfterTrauma])
        let note = suggestions[1]
        #expect(note.articles == ["practising-after-trauma"])
        #expect(!note.reason.contains("?"), "the note asks nothing")
        for judging in ["why", "what happened", "should have", "tell us", "you must"] {
            #expect(!note.reason.lowercased().contains(judging), "\(judging)")
        }
        #expect(note.reason.contains("never need to explain"))
    }

    @Test func aFrighteningOrPainfulExperienceGetsTheSameGentleNote() {
        #expect(
            Triage.suggestions(for: Self.intake(.partial, ticked: [.frighteningExperience])).map(\.guidance) == [
                .goGentlyAfterTrauma
            ])
    }

    @Test func anIntakeStoredWithTheOfferedWordsIsStillRead() throws {
        // Given an intake as kept before contributors were typed: the ticked labels, as words
        let json =
            #"{"extent":"partial","onset":"later","onsetDescription":"","situations":[],"contributors":["Menopause","Being forced or pressured","my own words"],"experiences":{}}"#
        // When it is read back
        let intake = try JSONDecoder().decode(Intake.self, from: Data(json.utf8))
        // Then the offered answers are recognised, and own words are left as they are
        #expect(intake.tickedContributors == [.menopause, .forcedOrPressured])
        #expect(Triage.suggestions(for: intake).map(\.guidance) == [.checkOtherCauses, .goGentlyAfterTrauma])
        #expect(Contributor(answer: "forcedOrPressured") == .forcedOrPressured)
    }

    // MARK: - Examinations and partners

    @Test func fearOfExaminationsSuggestsPreparing() {
        let suggestions = Triage.suggestions(
            for: Self.intake(.partial, [.medicalExam: Experience(anxiety: 8, pain: nil)]))
        #expect(suggestions.map(\.guidance) == [.prepareForAppointments])
        #expect(suggestions[0].articles == ["examinations-and-smear-tests"])
    }

    @Test func severePainAtExaminationsAlsoSuggestsPreparing() {
        let suggestions = Triage.suggestions(for: Self.intake(.partial, [.medicalExam: Self.pain(Triage.severePain)]))
        #expect(suggestions.map(\.guidance).contains(.prepareForAppointments))
    }

    @Test func painOnlyWithAPartnerSuggestsTalking() {
        let situational = Self.intake(
            .partial, [.partner: Experience(anxiety: 4, pain: 6), .finger: Experience(anxiety: 1, pain: 1)])
        #expect(Triage.suggestions(for: situational).map(\.guidance) == [.talkWithPartner])

        let everywhere = Self.intake(
            .partial, [.partner: Experience(anxiety: 4, pain: 6), .finger: Experience(anxiety: 1, pain: 6)])
        #expect(Triage.suggestions(for: everywhere).isEmpty)
    }

    @Test func highAnxietyWithAPartnerSuggestsTalking() {
        let suggestions = Triage.suggestions(for: Self.intake(.partial, [.partner: Experience(anxiety: 9, pain: nil)]))
        #expect(suggestions.map(\.guidance) == [.talkWithPartner])
    }

    // MARK: - When no rule applies

    static let dismissive = [
        "nothing is wrong", "nothing wrong", "calls for anything", "anything special", "nothing to worry",
        "you're fine", "you are fine",
    ]

    @Test func theEmptyResultSaysWhatTheAnswersShowAndInvitesComingBack() {
        let intake = Self.intake(
            .partial, [.tampon: Experience(anxiety: 2, pain: 3), .finger: Experience(anxiety: 1, pain: 3)])
        #expect(Triage.suggestions(for: intake).isEmpty)
        let text = Triage.noSuggestionsText(for: intake)
        #expect(
            text.contains(
                "Your answers show that something can go in, though it hurts or feels tight, with pain of up to 3 out of 10 (with a tampon and with a finger)."
            ))
        #expect(text.contains("come back to these questions any time"))
        for phrase in Self.dismissive { #expect(!text.lowercased().contains(phrase), "\(phrase)") }
    }

    @Test func theEmptyResultFitsWhateverWasAnswered() {
        let anxious = Triage.noSuggestionsText(
            for: Self.intake(.unsure, [.medicalExam: Experience(anxiety: 5, pain: nil)]))
        #expect(
            anxious.hasPrefix(
                "Your answers show anxiety of up to 5 out of 10 (at a medical examination), and no pain rated."))
        let painless = Triage.noSuggestionsText(for: Self.intake(.unsure, [.cottonBud: Self.pain(0)]))
        #expect(painless.hasPrefix("Your answers show pain of 0 out of 10 (with a cotton bud)."))
        let untried = Triage.noSuggestionsText(for: Self.intake(.unsure))
        #expect(untried.hasPrefix("You have not rated anything yet, and that is fine"))
        for text in [anxious, untried] {
            #expect(text.contains("come back"))
            for phrase in Self.dismissive { #expect(!text.lowercased().contains(phrase), "\(phrase)") }
        }
    }

    // MARK: - Words

    @Test func reasonsAndTitlesNeverDiagnoseOrAssumeAGender() {
        let gendered = [
            "she", "her", "hers", "woman", "women", "female", "girl", "lady", "ladies", "he", "him", "his", "man",
            "men",
        ]
        let texts =
            Triage.rules.map(\.reason) + Guidance.allCases.map(\.title) + [
                Triage.noSuggestionsText(for: Self.intake(.unsure))
            ]
        for text in texts {
            let lower = text.lowercased()
            for claim in ["you have vaginismus", "diagnos", "cure", "guarantee"] {
                #expect(!lower.contains(claim), "\(claim): \(text)")
            }
            let words = Set(lower.split { !$0.isLetter }.map(String.init))
            #expect(words.isDisjoint(with: gendered), "\(text)")
        }
        #expect(Set(Triage.rules.map(\.guidance)) == Set(Guidance.allCases), "every step can be suggested")
    }

    @Test func theDocumentedRuleTableNamesEveryRuleAndThreshold() throws {
        // The tests may run through a symlinked package; resolve to the repository's own docs folder.
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let doc = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/triage-rules.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        for rule in Triage.rules { #expect(text.contains("`\(rule.id)`"), "\(rule.id)") }
        for guidance in Guidance.allCases { #expect(text.contains("`\(guidance.rawValue)`"), "\(guidance)") }
        for slug in Set(Guidance.allCases.flatMap(\.articles)) { #expect(text.contains("`\(slug)`"), "\(slug)") }
        #expect(text.contains("pain ≥ \(Triage.severePain)"))
        #expect(text.contains("anxiety ≥ \(Triage.highAnxiety)"))
        #expect(text.contains("pain ≥ \(Triage.partnerPain)"))
    }

    @Test func ratingsOutsideZeroToTenMakeAnIntakeInvalid() {
        #expect(Self.intake(.partial, [.tampon: Experience(anxiety: 3, pain: 4)]).isValid)
        #expect(!Self.intake(.partial, [.tampon: Experience(anxiety: 11, pain: 4)]).isValid)
        #expect(!Self.intake(.partial, [.tampon: Experience(anxiety: 3, pain: -1)]).isValid)
    }
}
