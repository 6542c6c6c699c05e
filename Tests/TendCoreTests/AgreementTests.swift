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
        case .notForeplayAgreed: agreement.notForeplayAgreed = false
        case .feedbackStyle: break
        }
        return agreement
    }

    @Test(arguments: AgreementField.allCases.filter { $0 != .feedbackStyle }, [0, 1])
    func eachMissingOrWrongAnswerIsNamed(field: AgreementField, variant: Int) {
        let agreement = Self.breaking(field, variant: variant)

        let problems = agreement.problems()

        #expect(problems.map(\.field) == [field])
        #expect(!problems[0].message.isEmpty)
    }
}
