import Foundation
import Testing

@testable import TendCore

@Suite("Steps: the person's own limits, progress over time, and a gentle rhythm")
struct StepsProgressTests {
    @Test func aHigherAnxietyLimitTheyChoseMakesAStepReady() throws {
        // Given three practices that left anxiety at 4, with no pain
        var person = try StepsFixture()
        for _ in 0..<3 { person.practise("mirror", anxietyAfter: 4, painAfter: 0) }
        #expect(person.status("mirror") == .practising)

        // When the person raises their anxiety limit to 4
        person.thresholds.anxiety = 4

        // Then the same practices make the step ready
        #expect(person.status("mirror") == .readyWhenYouAre)
    }

    @Test func fewerPracticesNeededMakesAStepReadySooner() throws {
        // Given two manageable practices
        var person = try StepsFixture()
        for _ in 0..<2 { person.practise("mirror") }
        #expect(person.status("mirror") == .practising)

        // When the person asks for two practices rather than three, then the step is ready
        person.thresholds.practicesNeeded = 2
        #expect(person.status("mirror") == .readyWhenYouAre)

        // And when they ask for five, it is not
        person.thresholds.practicesNeeded = 5
        #expect(person.status("mirror") == .practising)
    }

    @Test func aLowerPainLimitTheyChoseAnswersGentlerPain() throws {
        // Given a practice of the outside touch with pain 2, under the usual limit of 3
        var person = try StepsFixture()
        let practice = person.practise("outsideTouch", anxietyAfter: 1, painAfter: 2)
        #expect(person.advice().suggestion == nil)

        // When the person lowers their pain limit to 1
        person.thresholds.pain = 1

        // Then the same practice is answered with the step before
        #expect(person.advice().suggestion == .easeBack(to: stepID("mirror"), after: practice))
    }

    @Test func painAboveThreeIsAnsweredEvenWithALimitTendWouldNotKeep() throws {
        // Given an unchecked pain limit of 8, which validation refuses
        var person = try StepsFixture()
        person.thresholds.pain = 8
        #expect(person.thresholds.firstProblem?.field == ["pain"])

        // When a practice hurts at 4
        let practice = person.practise("outsideTouch", painAfter: 4)

        // Then pain is still answered, and it does not count as manageable
        #expect(person.advice().suggestion == .easeBack(to: stepID("mirror"), after: practice))
        #expect(person.advice().progress(of: stepID("outsideTouch"))?.firstManageable == nil)
    }

    @Test func theFirstTimeAStepFeltManageableIsKept() throws {
        // Given an anxious first try, a manageable second, and a painful third
        var person = try StepsFixture()
        person.practise("mirror", anxietyAfter: 6, painAfter: 0)
        person.practise("mirror", anxietyAfter: 3, painAfter: 2)
        person.practise("mirror", anxietyAfter: 1, painAfter: 5)

        // When Tend reads them
        let progress = try #require(person.advice().progress(of: stepID("mirror")))

        // Then the second practice is the first that felt manageable, and a later hard day does not undo it
        #expect(progress.firstManageable == StepsFixture.moment(1))
        #expect(progress.readings.map(\.isManageable) == [false, true, false])
        // And a step never manageable has no such date
        #expect(person.advice().progress(of: stepID("tampon"))?.firstManageable == nil)
    }

    @Test func eachStepHasItsReadingsOldestFirst() throws {
        // Given practices of two steps, recorded out of order, and one of a step since removed
        var person = try StepsFixture()
        person.practise("mirror", anxietyAfter: 2, painAfter: 0, anxietyBefore: 6)
        person.practise("outsideTouch", anxietyAfter: 3, painAfter: 1, anxietyBefore: 7, withPartner: true)
        person.practise("dilator-10mm", anxietyAfter: 1, painAfter: 1)
        person.practise("mirror", anxietyAfter: 1, painAfter: 0, anxietyBefore: 4)
        try person.ladder.remove(stepID("dilator-10mm"))
        person.practices.reverse()

        // When Tend reads them
        let advice = person.advice()

        // Then each step's chart has its own practices, oldest first, with every number
        let mirror = try #require(advice.progress(of: stepID("mirror")))
        #expect(mirror.readings.map(\.startedAt) == [StepsFixture.moment(0), StepsFixture.moment(3)])
        #expect(mirror.readings.map(\.anxietyBefore) == [6, 4])
        #expect(mirror.readings.map(\.anxietyAfter) == [2, 1])
        #expect(mirror.readings.map(\.painAfter) == [0, 0])
        let outside = try #require(advice.progress(of: stepID("outsideTouch")))
        #expect(outside.readings.map(\.withPartner) == [true])
        // And the removed step's practice is left out
        #expect(advice.progress(of: stepID("dilator-10mm")) == nil)
        #expect(advice.steps.map(\.stepID) == person.ladder.steps.map(\.id))
    }

    @Test func theNextSuggestedDayFollowsTheLatestPracticeByTheChosenGap() throws {
        // Given a practice on the first day
        var person = try StepsFixture()
        person.practise("mirror")
        let first = StepsFixture.firstDay

        // When Tend reads it the day after, then the suggested day is two days after the practice
        #expect(person.advice().nextSuggestedDay == first + 2)

        // And with a gap of four days chosen, four days after
        person.thresholds.everyDays = 4
        #expect(person.advice().nextSuggestedDay == first + 4)
    }

    @Test func aLongerRestIsNeverLate() throws {
        // Given a practice on the first day, read ten days later
        var person = try StepsFixture()
        person.practise("mirror")
        let later = StepsFixture.moment(5)

        // When Tend reads it
        let advice = StepPacing.advice(
            for: person.ladder, practices: person.practices, thresholds: person.thresholds, at: later,
            timeZone: .gmt)

        // Then the suggested day is today, never a day in the past
        #expect(advice.nextSuggestedDay == StepsFixture.firstDay + 10)
    }

    @Test func beforeAnyPracticeNoDayIsSuggested() throws {
        // Given no practices, when Tend reads the ladder, then no day is set and every shown step is untried
        let advice = try StepsFixture().advice()
        #expect(advice.nextSuggestedDay == nil)
        #expect(advice.suggestion == nil)
        #expect(advice.steps.allSatisfy { $0.status == .notYetTried })
    }

    @Test func theRhythmIsWordedAsASuggestion() {
        // Given the usual thresholds and a person's own, then both read as suggestions with their numbers
        #expect(StepThresholds.standard.rhythmWords.contains("about 10 to 15 minutes, about every second day"))
        let own = StepThresholds(shortestMinutes: 5, longestMinutes: 5, everyDays: 3)
        #expect(own.rhythmWords.contains("about 5 minutes, about every 3 days"))
        #expect(own.rhythmWords.hasPrefix("A suggestion only"))
        #expect(StepThresholds.standard.suggestedMinutes == 10...15)
    }
}
