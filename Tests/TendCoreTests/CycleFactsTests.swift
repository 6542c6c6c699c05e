import Foundation
import Testing

@testable import TendCore

@Suite("Cycle facts: coils, mini pills and after birth")
struct CycleFactsTests {
    func day(_ text: String) -> Day { Day(text)! }
    var starts: [Day] { [day("2026-01-01"), day("2026-01-29")] }

    @Test func aHormonalCoilStillGetsAnEstimateSaidToBeLessCertain() throws {
        // Given periods logged with a hormonal coil in place
        let cycle = CycleRecord(periodStarts: starts, contraception: .hormonalCoil)
        // When Tend estimates a day
        let estimate = try cycle.estimate(on: day("2026-02-01")).get()
        // Then it gives a phase, and says why it is less certain
        #expect(estimate.cycleDay == 4)
        #expect(estimate.phase == .menstrual)
        #expect(estimate.uncertainties == [.contraception(.hormonalCoil)])
        #expect(estimate.explanation.contains("most people still ovulate"))
        #expect(estimate.explanation.contains("less certain than usual"))
        #expect(!estimate.explanation.contains("stay even"))
    }

    @Test func aMiniPillStillGetsAnEstimateSaidToBeLessCertain() throws {
        let cycle = CycleRecord(periodStarts: starts, contraception: .progestogenOnlyPill)
        let estimate = try cycle.estimate(on: day("2026-02-12")).get()
        #expect(estimate.cycleDay == 15)
        #expect(estimate.phase == .ovulatory)
        #expect(estimate.isLessCertain)
        #expect(estimate.explanation.contains("many people still ovulate"))
        #expect(estimate.explanation.contains("less certain than usual"))
    }

    @Test(arguments: [Contraception.combinedPill, .implant, .injection, .ringOrPatch])
    func methodsThatUsuallyStopOvulationGiveNoPhase(kind: Contraception) {
        let result = CycleRecord(periodStarts: starts, contraception: kind).estimate(on: day("2026-02-01"))
        #expect(result == .failure(.hormonalContraception(kind)))
        guard case .failure(let reason) = result else { return }
        #expect(reason.explanation.contains("ovulation usually stops"))
    }

    @Test(arguments: [Contraception.none, .copperCoil, .barrier, .other])
    func methodsThatLeaveTheCycleAloneAddNoDoubt(kind: Contraception) throws {
        let estimate = try CycleRecord(periodStarts: starts, contraception: kind).estimate(on: day("2026-02-01")).get()
        #expect(!estimate.isLessCertain)
    }

    @Test func periodsReturningSixWeeksAfterBirthAreFollowedFromThatDay() throws {
        // Given a birth on 1 March, bleeding logged in the weeks after, and periods back six weeks later
        let birth = day("2026-03-01")
        let back = birth + 42
        let cycle = CycleRecord(
            periodStarts: [day("2025-05-01"), day("2025-05-29"), birth + 18], lifeStage: .afterBirth,
            periodsReturned: back)

        // When Tend estimates a week after periods came back
        let estimate = try cycle.estimate(on: back + 8).get()

        // Then it counts from the day they came back, ignoring what was logged before, and says it is less certain
        #expect(estimate.cycleDay == 9)
        #expect(estimate.phase == .follicular)
        #expect(estimate.basis == .typicalCycle)
        #expect(estimate.uncertainties == [.afterBirth])
        #expect(estimate.explanation.contains("after a birth"))

        // And once the next period is logged, the person's own cycle is followed as usual
        var later = cycle
        later.addPeriodStart(back + 31)
        let own = try later.estimate(on: back + 40).get()
        #expect(own.basis == .ownHistory(cycles: 1))
        #expect(own.cycleLength == 31)
        #expect(own.cycleDay == 10)
    }

    @Test func afterBirthWithoutPeriodsBackTendSaysSoPlainlyAndNeverAssumesAYear() {
        let notSaid = CycleRecord(periodStarts: starts, lifeStage: .afterBirth)
        #expect(notSaid.estimate(on: day("2026-02-01")) == .failure(.periodsNotBackYet))
        let notYet = CycleRecord(periodStarts: starts, lifeStage: .afterBirth, periodsReturned: day("2026-03-01"))
        #expect(notYet.estimate(on: day("2026-02-01")) == .failure(.periodsNotBackYet))

        let sentence = NoCycleEstimate.periodsNotBackYet.explanation
        #expect(sentence.contains("have not come back yet"))
        #expect(sentence.contains("within weeks"))
        #expect(!sentence.contains("year"))
        #expect(!LifeStage.afterBirth.label.contains("year"))
    }

    @Test func aCycleRecordKeptBeforeThePeriodsReturnedDayStillReads() throws {
        // Given a record as stored before periodsReturned existed
        let json =
            #"{"periodStarts":["2026-01-29","2026-01-01"],"contraception":"hormonalCoil","lifeStage":"afterBirth"}"#
        let old = try JSONDecoder().decode(CycleRecord.self, from: Data(json.utf8))
        #expect(old == CycleRecord(periodStarts: starts, contraception: .hormonalCoil, lifeStage: .afterBirth))
        #expect(old.periodsReturned == nil)

        // And a new one keeps the day through a round trip
        let new = CycleRecord(periodStarts: starts, lifeStage: .afterBirth, periodsReturned: day("2026-01-29"))
        let text = String(decoding: try JSONEncoder().encode(new), as: UTF8.self)
        #expect(text.contains(#""periodsReturned":"2026-01-29""#))
        #expect(try JSONDecoder().decode(CycleRecord.self, from: Data(text.utf8)) == new)
    }
}
