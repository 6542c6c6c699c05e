import Foundation
import Testing

@testable import TendCore

@Suite("The ladder of steps is the person's to arrange")
struct StepsLadderTests {
    @Test func theUsualLadderRunsFromLookingToAPartnersFingertip() throws {
        // Given the person's dilators, out of order and one given twice
        let sizes = [18, 10, 14, 10]

        // When the usual ladder is made
        let ladder = try StepLadder.standard(dilatorSizes: sizes)

        // Then it runs from least to most challenging, dilators narrowest first, each once, and is valid
        #expect(ladder.steps.map(\.id.rawValue) == [
            "mirror", "outsideTouch", "fingertipAtEntrance", "fingerToKnuckle", "tampon",
            "dilator-10mm", "dilator-14mm", "dilator-18mm", "partnerFingertip",
        ])
        #expect(ladder.steps[6].kind == .dilator(diameterMillimetres: 14))
        #expect(ladder.steps[6].title == "Dilator, 14 mm")
        #expect(ladder.firstProblem == nil)
        #expect(ladder.current?.id == stepID("mirror"))
        #expect(try StepLadder.standard().steps.count == 6)
    }

    @Test(arguments: [4, 61, -3, Int.max])
    func aDilatorWidthOutOfRangeIsRefusedByItsPlace(size: Int) {
        // Given a set with one width Tend would not keep, when the ladder is made, then that width is named
        let refused = ValueProblem("dilatorSizes", 1, sentence: "A dilator's width is between 5 and 60 millimetres.")
        #expect(throws: refused) {
            try StepLadder.standard(dilatorSizes: [10, size])
        }
    }

    @Test func movingAStepPutsItWhereThePersonWantsIt() throws {
        // Given the usual ladder
        var ladder = try StepLadder.standard()

        // When the tampon moves to the foot, and the mirror past the top
        try ladder.move(stepID("tampon"), to: -5)
        try ladder.move(stepID("mirror"), to: 99)

        // Then both are where the person put them
        #expect(ladder.steps.first?.id == stepID("tampon"))
        #expect(ladder.steps.last?.id == stepID("mirror"))
        #expect(ladder.steps.count == 6)
    }

    @Test func hidingTheStepThePersonIsOnMovesThemToTheNextShownStep() throws {
        // Given a person on the fingertip, with the finger to the knuckle hidden
        var ladder = try StepLadder.standard()
        try ladder.choose(stepID("fingertipAtEntrance"))
        try ladder.hide(stepID("fingerToKnuckle"))

        // When they hide the fingertip too
        try ladder.hide(stepID("fingertipAtEntrance"))

        // Then they are on the next shown step, and the ladder is still valid
        #expect(ladder.current?.id == stepID("tampon"))
        #expect(ladder.firstProblem == nil)

        // And showing a step again keeps its place
        try ladder.show(stepID("fingerToKnuckle"))
        #expect(ladder.visibleSteps.map(\.id.rawValue) == [
            "mirror", "outsideTouch", "fingerToKnuckle", "tampon", "partnerFingertip",
        ])
    }

    @Test func hidingTheTopStepWhileOnItMovesThemBackOne() throws {
        // Given a person on the top step
        var ladder = try StepLadder.standard()
        try ladder.choose(stepID("partnerFingertip"))

        // When they hide it, then they are on the shown step before it
        try ladder.hide(stepID("partnerFingertip"))
        #expect(ladder.currentID == stepID("tampon"))
    }

    @Test func onlyTheirOwnStepsAndDilatorsCanBeRemoved() throws {
        // Given a ladder with a dilator and a step of the person's own, who is on the dilator
        var ladder = try StepLadder.standard(dilatorSizes: [12])
        try ladder.add(.custom(id: stepID("breath"), title: "Breathing with a hand on the belly"), at: 0)
        try ladder.choose(stepID("dilator-12mm"))

        // When they remove both
        try ladder.remove(stepID("breath"))
        try ladder.remove(stepID("dilator-12mm"))

        // Then both are gone, and they are on the next shown step
        #expect(ladder.step(stepID("breath")) == nil && ladder.step(stepID("dilator-12mm")) == nil)
        #expect(ladder.currentID == stepID("partnerFingertip"))

        // And a usual step is refused with a pointer to hiding it, and stays
        let before = ladder
        #expect(throws: ValueProblem.self) { try ladder.remove(stepID("tampon")) }
        #expect(ladder == before)
    }

    @Test func addingKeepsEveryRule() throws {
        // Given the usual ladder
        var ladder = try StepLadder.standard()
        let before = ladder

        // When a second mirror, a reused identifier, a too-wide dilator and an empty title are added,
        // then each is refused by the field to fix, and the ladder is unchanged
        #expect(problem { try ladder.add(Step(id: stepID("m2"), kind: .mirror)) }?.field == ["kind"])
        #expect(problem { try ladder.add(.custom(id: stepID("tampon"), title: "Mine")) }?.field == ["id"])
        #expect(problem { try ladder.add(.dilator(id: stepID("d"), diameterMillimetres: 61)) }?.field == [
            "diameterMillimetres"
        ])
        #expect(problem { try ladder.add(.custom(id: stepID("x"), title: "  ")) }?.field == ["title"])
        #expect(ladder == before)

        // And a ladder at its limit refuses one more
        for index in ladder.steps.count..<StepLadder.stepLimit {
            try ladder.add(.custom(id: stepID("own-\(index)"), title: "Step \(index)"))
        }
        #expect(problem { try ladder.add(.custom(id: stepID("one-more"), title: "One more")) }?.field == ["steps"])
        #expect(ladder.steps.count == StepLadder.stepLimit)
    }

    @Test func renamingTakesTheirWordsWithinLimits() throws {
        // Given the usual ladder
        var ladder = try StepLadder.standard()

        // When the tampon is renamed, then its title is their words, trimmed
        try ladder.rename(stepID("tampon"), to: "  The slimmest one in the drawer \n")
        #expect(ladder.step(stepID("tampon"))?.title == "The slimmest one in the drawer")

        // And a name too long, empty or on two lines is refused by "title", leaving the name as it was
        #expect(problem { try ladder.rename(stepID("tampon"), to: String(repeating: "a", count: 81)) }?.field == [
            "title"
        ])
        #expect(problem { try ladder.rename(stepID("tampon"), to: "\n ") }?.field == ["title"])
        #expect(problem { try ladder.rename(stepID("tampon"), to: "two\nlines") }?.field == ["title"])
        #expect(ladder.step(stepID("tampon"))?.title == "The slimmest one in the drawer")

        // And an emoji made of joined characters is one line, and kept
        try ladder.rename(stepID("mirror"), to: "Looking \u{2764}\u{FE0F}\u{200D}\u{1FA79}")
        #expect(ladder.step(stepID("mirror"))?.title.unicodeScalars.count == 12)
    }

    @Test func thePersonChoosesWhereTheyAreAnyTime() throws {
        // Given the usual ladder with the outside touch hidden
        var ladder = try StepLadder.standard()
        try ladder.hide(stepID("outsideTouch"))

        // When they choose to go up, then back again, they are where they chose
        try ladder.choose(stepID("tampon"))
        #expect(ladder.current?.id == stepID("tampon"))
        try ladder.choose(stepID("mirror"))
        #expect(ladder.current?.id == stepID("mirror"))

        // And a hidden or unknown step cannot be chosen
        #expect(problem { try ladder.choose(stepID("outsideTouch")) }?.field == ["step"])
        #expect(problem { try ladder.choose(stepID("nowhere")) }?.field == ["step"])
        #expect(ladder.currentID == stepID("mirror"))
    }

    @Test func everyStepHiddenLeavesNoCurrentStep() throws {
        // Given a ladder with one step of the person's own, when it is hidden, then there is no current step
        var ladder = StepLadder(steps: [.custom(id: stepID("only"), title: "Only this")])
        try ladder.hide(stepID("only"))
        #expect(ladder.current == nil)
        #expect(ladder.visibleStep(before: stepID("only")) == nil)
        #expect(ladder.visibleStep(after: stepID("only")) == nil)
    }

    /// The problem `change` threw, or nil when it succeeded (or threw anything else).
    private func problem(_ change: () throws -> Void) -> ValueProblem? {
        do {
            try change()
            return nil
        } catch {
            return error as? ValueProblem
        }
    }
}

@Suite("A ladder a practitioner writes, one step per line")
struct WrittenLadderTests {
    @Test func usualStepsDilatorsAndOwnWordsAreRecognised() throws {
        var next = 0
        let ladder = try StepLadder.written(
            "Looking, with a mirror\n\n  a slim tampon \nDilator 12 mm\n14mm dilator\nBreathing with a warm hand resting low\n",
            newID: { next += 1; return StepID(rawValue: "own-\(next)") })
        #expect(ladder.steps.map(\.id.rawValue) == ["mirror", "tampon", "dilator-12mm", "dilator-14mm", "own-1"])
        #expect(ladder.steps.last?.title == "Breathing with a warm hand resting low")
        #expect(ladder.steps[2].kind == .dilator(diameterMillimetres: 12))
    }

    @Test(arguments: [
        ("", "steps"), ("Dilator 90 mm", "steps[0]"), ("A slim tampon\nA slim tampon", "steps[1]"),
        (String(repeating: "x", count: 81), "steps[0].title"),
    ])
    func whatWillNotDoIsRefusedByItsLine(text: String, field: String) {
        #expect {
            try StepLadder.written(text, newID: { StepID(rawValue: UUID().uuidString) })
        } throws: { error in
            (error as? ValueProblem)?.path == field
        }
    }

    @Test func adoptingKeepsWhatWasPractisedHidden() throws {
        let old = try StepLadder.standard(dilatorSizes: [10])
        let offered = try StepLadder.written("A slim tampon\nDilator 16 mm", newID: { StepID(rawValue: "x") })
        let adopted = offered.adopted(keepingFrom: old, practised: [StepID(rawValue: "mirror"), StepID(rawValue: "dilator-10mm")])
        #expect(adopted.steps.map(\.id.rawValue) == ["tampon", "dilator-16mm", "mirror", "dilator-10mm"])
        #expect(adopted.steps.filter(\.isHidden).map(\.id.rawValue) == ["mirror", "dilator-10mm"])
        #expect(adopted.currentID?.rawValue == "tampon")
        try adopted.validate()
    }
}
