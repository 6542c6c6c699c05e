import Foundation
import Testing

@testable import TendCore

@Suite("Steps are worded warmly, for anyone, and never as a count of days")
struct StepsWordingTests {
    static let kinds: [StepKind] = StepKind.usual + [.dilator(diameterMillimetres: 12), .partnerFingertip, .custom]
    static let suggestions: [StepSuggestion] = [
        .easeBack(to: stepID("mirror"), after: StepPracticeID(rawValue: "p")),
        .rest(after: StepPracticeID(rawValue: "p")),
        .readyWhenYouAre(next: stepID("tampon")),
    ]

    /// Every sentence Tend shows about steps.
    static var everything: [String] {
        kinds.flatMap { [$0.defaultTitle, $0.summary] } + suggestions.map(\.words)
            + StepStatus.allCases.map(\.label) + [StepThresholds.standard.rhythmWords]
            + (1...3).map { StepThresholds(everyDays: $0).rhythmWords }
    }

    /// Words that count days, keep score or push, which steps never say.
    static let scoreWords: Set<String> = [
        "missed", "miss", "streak", "streaks", "late", "behind", "failed", "fail", "should", "must", "overdue",
    ]

    @Test(arguments: everything)
    func noWordGivesAGenderOrKeepsScore(text: String) {
        // Given a sentence Tend shows, when it is split into words, then none is gendered or keeps score
        let words = Program.words(of: text)
        #expect(!words.isEmpty)
        #expect(words.allSatisfy { !Program.genderedWords.contains($0) })
        #expect(words.allSatisfy { !Self.scoreWords.contains($0) })
    }

    @Test(arguments: suggestions)
    func everySuggestionSaysEveryChoiceIsGood(suggestion: StepSuggestion) {
        // Given a suggestion, then it names staying, going back or resting as good choices that are the person's
        let words = suggestion.words
        #expect(words.contains("good choices"))
        #expect(words.contains("staying") || words.contains("Staying"))
        #expect(!words.lowercased().contains("next time you should"))
    }

    @Test func aPainfulPracticeIsAnsweredWithCareNotANextStep() {
        // Given the two answers to pain, then neither offers moving on, and both name the warning signs
        for suggestion in Self.suggestions where !suggestion.articles.isEmpty {
            #expect(!suggestion.words.contains("next step"))
            #expect(suggestion.words.contains("bleeding or burning"))
            #expect(suggestion.words.contains("After practice") && suggestion.words.contains("Getting help"))
        }
        #expect(Self.suggestions.filter { !$0.articles.isEmpty }.count == 2)
    }

    @Test func onlyThePartnersStepSpeaksOfAPartner() {
        // Given the words of every step but the partner's, then none of them speaks of a second person
        let solo = Self.kinds.filter { $0 != .partnerFingertip }.flatMap { [$0.defaultTitle, $0.summary] }
        for text in solo {
            let joined = " " + Program.words(of: text).joined(separator: " ") + " "
            #expect(Program.partnerWords.allSatisfy { !joined.contains(" \($0) ") }, "\(text)")
        }
    }

    @Test func titlesFitTheirOwnLimit() {
        // Given every default title, including the widest dilator, then each is a valid step name
        let widest = StepKind.dilator(diameterMillimetres: StepKind.diameters.upperBound)
        for kind in Self.kinds + [widest] {
            #expect(Step(id: stepID("s"), kind: kind).isValid, "\(kind.defaultTitle)")
        }
    }
}
