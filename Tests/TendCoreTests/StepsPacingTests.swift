import Foundation
import Testing

@testable import TendCore

/// A person's ladder and practices for a test: the usual ladder with three dilators, and practices
/// made one every second day at 18:00 UTC, from Monday 2 November 2026.
struct StepsFixture {
    static let firstDay = Day("2026-11-02")!
    static let dilators = [10, 14, 18]

    var ladder: StepLadder
    var practices: [StepPractice] = []
    var thresholds = StepThresholds.standard

    init() throws {
        ladder = try StepLadder.standard(dilatorSizes: Self.dilators)
    }

    /// The moment of the `index`th practice slot: 18:00 UTC, every second day from ``firstDay``.
    static func moment(_ index: Int) -> Date {
        (firstDay + 2 * index).date.addingTimeInterval(18 * 3_600)
    }

    /// Records a practice of `step` in the next slot, with these numbers after it.
    @discardableResult
    mutating func practise(
        _ step: String, anxietyAfter: Int = 1, painAfter: Int = 0, anxietyBefore: Int = 5, withPartner: Bool = false
    ) -> StepPracticeID {
        let id = StepPracticeID(rawValue: "practice-\(practices.count)")
        practices.append(
            StepPractice(
                id: id, stepID: StepID(rawValue: step), startedAt: Self.moment(practices.count), minutes: 12,
                anxietyBefore: anxietyBefore, anxietyAfter: anxietyAfter, painAfter: painAfter,
                withPartner: withPartner))
        return id
    }

    /// The advice a day after the latest practice (or on the first day, before any).
    func advice() -> StepAdvice {
        let now = (practices.last?.startedAt ?? Self.moment(0)).addingTimeInterval(86_400)
        return StepPacing.advice(for: ladder, practices: practices, thresholds: thresholds, at: now, timeZone: .gmt)
    }

    /// The status of `step` in ``advice()``.
    func status(_ step: String) -> StepStatus? {
        advice().progress(of: StepID(rawValue: step))?.status
    }
}

/// Shorthand for a step's identifier.
func stepID(_ text: String) -> StepID { StepID(rawValue: text) }

@Suite("Steps are paced by the person's own numbers")
struct StepsPacingTests {
    @Test func aStepIsReadyAfterEnoughPracticesAtOrUnderTheLimits() throws {
        // Given three practices of the first step, each exactly at the limits (3 and 3)
        var person = try StepsFixture()
        for _ in 0..<3 { person.practise("mirror", anxietyAfter: 3, painAfter: 3) }

        // When Tend reads them
        let advice = person.advice()

        // Then the step is ready when the person is, and the next step is offered, gently
        #expect(advice.progress(of: stepID("mirror"))?.status == .readyWhenYouAre)
        #expect(advice.ready == [stepID("mirror")])
        #expect(advice.suggestion == .readyWhenYouAre(next: stepID("outsideTouch")))
        #expect(advice.current == stepID("mirror"))
    }

    @Test func oneFewerPracticeIsNotYetReady() throws {
        // Given two calm practices of the first step
        var person = try StepsFixture()
        for _ in 0..<2 { person.practise("mirror", anxietyAfter: 0, painAfter: 0) }

        // When Tend reads them
        let advice = person.advice()

        // Then the step is being practised and nothing is suggested
        #expect(advice.progress(of: stepID("mirror"))?.status == .practising)
        #expect(advice.ready.isEmpty)
        #expect(advice.suggestion == nil)
    }

    @Test(arguments: 0..<3)
    func anyOfTheLatestPracticesOverTheAnxietyLimitKeepsTheStepPractising(over: Int) throws {
        // Given three practices, one of which left more anxiety (4) than the limit (3)
        var person = try StepsFixture()
        for index in 0..<3 { person.practise("mirror", anxietyAfter: index == over ? 4 : 2, painAfter: 1) }

        // When Tend reads them
        let advice = person.advice()

        // Then the step is not yet ready, and neither moving on nor going back is suggested
        #expect(advice.progress(of: stepID("mirror"))?.status == .practising)
        #expect(advice.suggestion == nil)
    }

    @Test func onlyTheLatestPracticesCount() throws {
        // Given an anxious first try, then three manageable practices
        var person = try StepsFixture()
        person.practise("mirror", anxietyAfter: 8, painAfter: 0)
        for _ in 0..<3 { person.practise("mirror", anxietyAfter: 2, painAfter: 1) }

        // When Tend reads them, then the step is ready
        #expect(person.status("mirror") == .readyWhenYouAre)
    }

    @Test func aPracticeThatHurtOffersTheStepBeforeKindly() throws {
        // Given a person on a finger to the first knuckle, whose latest practice there hurt (4 of 10)
        var person = try StepsFixture()
        try person.ladder.choose(stepID("fingerToKnuckle"))
        let painful = person.practise("fingerToKnuckle", anxietyAfter: 2, painAfter: 4)

        // When Tend reads it
        let suggestion = try #require(person.advice().suggestion)

        // Then it offers the step before, says every choice is good, and points to the two articles
        #expect(suggestion == .easeBack(to: stepID("fingertipAtEntrance"), after: painful))
        #expect(suggestion.words.contains("good choices"))
        #expect(suggestion.words.contains("After practice") && suggestion.words.contains("Getting help"))
        #expect(suggestion.articles == ["after-practice", "getting-help"])
        // And where the person is stays theirs to change
        #expect(person.advice().current == stepID("fingerToKnuckle"))
    }

    @Test func painIsAnsweredBeforeReadiness() throws {
        // Given the first step ready, then a painful try of the second
        var person = try StepsFixture()
        for _ in 0..<3 { person.practise("mirror") }
        let painful = person.practise("outsideTouch", painAfter: 7)

        // When Tend reads them
        let advice = person.advice()

        // Then it offers the gentler step, not the next one, though the first step stays ready
        #expect(advice.suggestion == .easeBack(to: stepID("mirror"), after: painful))
        #expect(advice.ready == [stepID("mirror")])
    }

    @Test func aPracticeOfTheFirstStepThatHurtOffersRest() throws {
        // Given a painful practice of the first shown step
        var person = try StepsFixture()
        let painful = person.practise("mirror", painAfter: 5)

        // When Tend reads it
        let suggestion = try #require(person.advice().suggestion)

        // Then it offers rest, names every choice as good, and points to the same two articles
        #expect(suggestion == .rest(after: painful))
        #expect(suggestion.words.contains("good choices"))
        #expect(suggestion.words.contains("Resting"))
        #expect(suggestion.articles == ["after-practice", "getting-help"])
    }

    @Test func aCustomLadderIsFollowedInTheOrderTheyChose() throws {
        // Given a ladder the person rearranged: the tampon before the finger, the fingertip hidden,
        // and a step of their own added after the outside touch
        var person = try StepsFixture()
        try person.ladder.move(stepID("tampon"), to: 3)
        try person.ladder.hide(stepID("fingertipAtEntrance"))
        try person.ladder.add(.custom(id: stepID("bath"), title: "Touching the outside in a warm bath"), at: 2)
        #expect(person.ladder.visibleSteps.map(\.id.rawValue).prefix(5) == [
            "mirror", "outsideTouch", "bath", "tampon", "fingerToKnuckle",
        ])

        // When the finger to the knuckle hurts
        let painful = person.practise("fingerToKnuckle", painAfter: 6)

        // Then the step before it in their order is offered
        #expect(person.advice().suggestion == .easeBack(to: stepID("tampon"), after: painful))

        // And when the person's own step is ready, the next step is the tampon, as they placed it
        try person.ladder.choose(stepID("bath"))
        for _ in 0..<3 { person.practise("bath") }
        #expect(person.advice().suggestion == .readyWhenYouAre(next: stepID("tampon")))
    }

    @Test func hiddenStepsAreSkippedBothWays() throws {
        // Given the outside touch hidden, the person on the mirror, and the mirror ready
        var person = try StepsFixture()
        try person.ladder.hide(stepID("outsideTouch"))
        for _ in 0..<3 { person.practise("mirror") }

        // When Tend suggests, then the next shown step is offered
        #expect(person.advice().suggestion == .readyWhenYouAre(next: stepID("fingertipAtEntrance")))

        // And when the fingertip hurts, the shown step before it is offered
        let painful = person.practise("fingertipAtEntrance", painAfter: 4)
        #expect(person.advice().suggestion == .easeBack(to: stepID("mirror"), after: painful))

        // And a painful practice of the first step after hiding the mirror too offers rest
        try person.ladder.hide(stepID("mirror"))
        let alsoPainful = person.practise("fingertipAtEntrance", painAfter: 4)
        #expect(person.advice().suggestion == .rest(after: alsoPainful))
        #expect(person.status("mirror") == .hidden)
    }

    @Test func theTopOfTheLadderOffersNothingFurther() throws {
        // Given the person on the last shown step, which is ready
        var person = try StepsFixture()
        try person.ladder.choose(stepID("partnerFingertip"))
        for _ in 0..<3 { person.practise("partnerFingertip", withPartner: true) }

        // When Tend reads it, then it is ready, with no step to offer after it
        #expect(person.status("partnerFingertip") == .readyWhenYouAre)
        #expect(person.advice().suggestion == nil)
    }

    @Test func readinessIsAboutTheStepThePersonIsOn() throws {
        // Given the mirror ready while the person has chosen to stay on the outside touch, not yet tried
        var person = try StepsFixture()
        for _ in 0..<3 { person.practise("mirror") }
        try person.ladder.choose(stepID("outsideTouch"))

        // When Tend reads it, then nothing is pushed: the mirror stays ready, the current step untried
        let advice = person.advice()
        #expect(advice.suggestion == nil)
        #expect(advice.progress(of: stepID("outsideTouch"))?.status == .notYetTried)
        #expect(advice.ready == [stepID("mirror")])
    }
}
