import Foundation
import Testing

@testable import TendCore

@Suite("The boundaries agreement")
struct AgreementTests {
    static let complete = BoundariesAgreement(
        durationMinutes: 60, positions: "Lying on my back with a pillow under my knees", pauseSignal: "I say \"pause\"",
        holdStillSignal: "Two taps on your arm", endSignal: "I say \"end\" or push your hand away",
        giverHelp: "Remind me to breathe out slowly", feedbackStyle: .painScale, anythingElse: "", notForeplayAgreed: true)

    @Test func aCompleteAgreementHasNoProblems() {
        #expect(Self.complete.problems().isEmpty)
    }

    /// Breaks one answer of a complete agreement.
    static func breaking(_ field: AgreementField, variant: Int) -> BoundariesAgreement {
        var agreement = complete
        switch field {
        case .durationMinutes: agreement.durationMinutes = variant == 0 ? 5 : 500
        case .positions: agreement.positions = "   "
        case .pauseSignal: agreement.pauseSignal = ""
        case .holdStillSignal: agreement.holdStillSignal = ""
        case .endSignal: agreement.endSignal = "\n"
        case .giverHelp: agreement.giverHelp = ""
        case .anythingElse: agreement.anythingElse = String(repeating: "x", count: 2_001)
        case .giverNeeds: agreement.giverNeeds = String(repeating: "x", count: 2_001)
        case .notForeplayAgreed: agreement.notForeplayAgreed = false
        case .painMeanings: agreement.painMeanings[variant == 0 ? 0 : 4] = variant == 0 ? " " : String(repeating: "x", count: 201)
        case .feedbackStyle, .giverMayAskIfReady: break
        }
        return agreement
    }

    /// Fields whose every value is a fine answer.
    static let alwaysFine: Set<AgreementField> = [.feedbackStyle, .giverMayAskIfReady]

    @Test(arguments: AgreementField.allCases.filter { !alwaysFine.contains($0) }, [0, 1])
    func eachMissingOrWrongAnswerIsNamed(field: AgreementField, variant: Int) {
        let agreement = Self.breaking(field, variant: variant)

        let problems = agreement.problems()

        #expect(problems.map(\.field) == [field])
        #expect(!problems[0].message.isEmpty)
    }

    @Test func painLevelsHaveGentleMeaningsAndTheReadyPromptIsOffUntilAgreed() {
        let agreement = Self.complete

        #expect(agreement.painMeanings.count == 5)
        #expect(agreement.meaning(ofPainLevel: 1)?.hasPrefix("Barely there") == true)
        #expect(agreement.meaning(ofPainLevel: 5)?.hasPrefix("Stop") == true)
        #expect(agreement.meaning(ofPainLevel: 0) == nil && agreement.meaning(ofPainLevel: 6) == nil)
        #expect(agreement.giverMayAskIfReady == false)
    }

    @Test(arguments: [0, 1, 2, 3, 4])
    func aPainMeaningProblemNamesItsLevel(index: Int) throws {
        var agreement = Self.complete
        agreement.painMeanings[index] = ""

        let problems = agreement.problems()

        #expect(problems.map(\.field) == [.painMeanings])
        #expect(problems.first?.level == index + 1)
        #expect(agreement.firstProblem?.path == "painMeanings[\(index)]")
    }

    @Test(arguments: [4, 6, 0])
    func fiveMeaningsAreNeeded(count: Int) {
        var agreement = Self.complete
        agreement.painMeanings = Array(repeating: "Fine", count: count)

        #expect(agreement.problems().map(\.field) == [.painMeanings])
        #expect(agreement.firstProblem?.path == "painMeanings")
    }

    @Test func aMeaningOfExactly200CharactersIsKept() {
        var agreement = Self.complete
        agreement.painMeanings[2] = String(repeating: "é", count: 200)

        #expect(agreement.problems().isEmpty)
    }

    @Test func anAgreementSavedBeforeMeaningsExistedReadsWithTheDefaults() throws {
        // Given an agreement as stored before pain meanings and the ready prompt existed
        var tree = try JSONTree(encoding: Self.complete)
        tree["painMeanings"] = nil
        tree["giverMayAskIfReady"] = nil

        // When it is read back
        let agreement = try JSONDecoder().decode(BoundariesAgreement.self, from: tree.data())

        // Then it has the gentle defaults, and the giver may not prompt
        #expect(agreement.painMeanings == BoundariesAgreement.defaultPainMeanings)
        #expect(agreement.giverMayAskIfReady == false)
        #expect(agreement == Self.complete)
    }

    @Test func theAgreedMeaningsAndChoiceRoundTrip() throws {
        var agreement = Self.complete
        agreement.painMeanings[3] = "Ouch: lift off"
        agreement.giverMayAskIfReady = true

        let readBack = try JSONDecoder().decode(BoundariesAgreement.self, from: JSONEncoder().encode(agreement))

        #expect(readBack == agreement)
    }
}
