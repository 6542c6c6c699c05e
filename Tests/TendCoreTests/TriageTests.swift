import Testing

@testable import TendCore

@Suite("Intake triage: every rule's branch")
struct TriageTests {
    static func intake(_ extent: Extent = .partial, _ experiences: [PenetrationType: Experience] = [:]) -> Intake {
        Intake(extent: extent, onset: .always, experiences: experiences)
    }

    @Test func totalVaginismusSuggestsAProfessionalSoloPracticeAndTheFirstTechniques() {
        let suggestions = Triage.suggestions(for: Self.intake(.total))
        #expect(suggestions.map(\.guidance) == [.seeGPAndPhysiotherapist, .beginSolo, .startWithFirstTechniques])
        #expect(suggestions[0].reason.contains("nothing can go in"))
    }

    @Test(arguments: [PenetrationType.tampon, .cottonBud, .finger])
    func severePainWithSomethingSmallSuggestsAProfessional(type: PenetrationType) {
        let suggestions = Triage.suggestions(for: Self.intake(.partial, [type: Experience(anxiety: 3, pain: Triage.severePain)]))
        #expect(suggestions.map(\.guidance) == [.seeGPAndPhysiotherapist, .beginSolo, .startWithFirstTechniques])
        #expect(suggestions[0].reason.contains("something small"))
    }

    @Test func painJustBelowTheThresholdSuggestsNothing() {
        #expect(Triage.suggestions(for: Self.intake(.partial, [.tampon: Experience(anxiety: 2, pain: Triage.severePain - 1)])).isEmpty)
    }

    @Test func severePainWithADilatorAloneIsNotASmallObject() {
        let suggestions = Triage.suggestions(for: Self.intake(.partial, [.dilator: Experience(anxiety: 0, pain: 9)]))
        #expect(!suggestions.map(\.guidance).contains(.seeGPAndPhysiotherapist))
    }

    @Test func fearOfExaminationsSuggestsPreparing() {
        let suggestions = Triage.suggestions(for: Self.intake(.partial, [.medicalExam: Experience(anxiety: 8, pain: nil)]))
        #expect(suggestions.map(\.guidance) == [.prepareForAppointments])
    }

    @Test func painOnlyWithAPartnerSuggestsTalking() {
        let situational = Self.intake(.partial, [.partner: Experience(anxiety: 4, pain: 6), .finger: Experience(anxiety: 1, pain: 1)])
        #expect(Triage.suggestions(for: situational).map(\.guidance) == [.talkWithPartner])

        let everywhere = Self.intake(.partial, [.partner: Experience(anxiety: 4, pain: 6), .finger: Experience(anxiety: 1, pain: 6)])
        #expect(Triage.suggestions(for: everywhere).isEmpty)
    }

    @Test func highAnxietyWithAPartnerSuggestsTalking() {
        let suggestions = Triage.suggestions(for: Self.intake(.partial, [.partner: Experience(anxiety: 9, pain: nil)]))
        #expect(suggestions.map(\.guidance) == [.talkWithPartner])
    }

    @Test func nothingTriedAndUnsureSuggestsNothingAndNeverDiagnoses() {
        #expect(Triage.suggestions(for: Self.intake(.unsure)).isEmpty)
        for rule in Triage.rules {
            #expect(!rule.reason.lowercased().contains("you have"), "a reason must never read as a diagnosis: \(rule.reason)")
            #expect(!rule.reason.lowercased().contains("cure"))
        }
    }

    @Test func ratingsOutsideZeroToTenMakeAnIntakeInvalid() {
        #expect(Self.intake(.partial, [.tampon: Experience(anxiety: 3, pain: 4)]).isValid)
        #expect(!Self.intake(.partial, [.tampon: Experience(anxiety: 11, pain: 4)]).isValid)
        #expect(!Self.intake(.partial, [.tampon: Experience(anxiety: 3, pain: -1)]).isValid)
    }
}
