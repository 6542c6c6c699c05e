import Testing

@testable import TendCore

@Suite("Breath, jaw and pelvic-floor timings")
struct ExerciseTests {
    @Test func theStandardBreathIsFourInSixOut() {
        #expect(BreathPattern.standard.inhaleSeconds == 4)
        #expect(BreathPattern.standard.exhaleSeconds == 6)
        #expect(BreathPattern.standard.cycleSeconds == 10)
    }

    @Test(arguments: [(0.0, BreathPhase.inhale, 0.0), (2, .inhale, 0.5), (4, .exhale, 0), (7, .exhale, 0.5), (10, .inhale, 0), (23, .inhale, 0.75), (27, .exhale, 0.5)])
    func phasesFollowTheClock(seconds: Double, phase: BreathPhase, progress: Double) {
        let moment = BreathPattern.standard.phase(atElapsed: seconds)
        #expect(moment.phase == phase)
        #expect(abs(moment.progress - progress) < 1e-9)
    }

    @Test func aShorterExhaleNeedsAKnowingChoice() throws {
        #expect(throws: BreathPatternProblem.exhaleShorterThanInhale) { try BreathPattern(inhale: 6, exhale: 4) }
        let chosen = try BreathPattern(inhale: 6, exhale: 4, allowShorterExhale: true)
        #expect(chosen.exhaleSeconds == 4)
        #expect(throws: BreathPatternProblem.outOfRange(.inhale)) { try BreathPattern(inhale: 1, exhale: 6) }
        #expect(throws: BreathPatternProblem.outOfRange(.exhale)) { try BreathPattern(inhale: 4, exhale: 20) }
    }

    @Test func theReleaseIsAlwaysAtLeastTwiceTheSqueeze() throws {
        #expect(throws: PelvicFloorProblem.releaseTooShort(minimum: 8)) {
            try PelvicFloorPractice(contractSeconds: 4, releaseSeconds: 7, restSeconds: 5, repetitions: 3)
        }
        let practice = try PelvicFloorPractice(contractSeconds: 4, releaseSeconds: 8, restSeconds: 5, repetitions: 3)
        #expect(practice.timeline.map(\.step) == [.contract, .release, .rest, .contract, .release, .rest, .contract, .release])
        #expect(practice.totalSeconds == 3 * 4 + 3 * 8 + 2 * 5)
        #expect(PelvicFloorPractice.standard.releaseSeconds >= PelvicFloorPractice.standard.contractSeconds * 2)
        #expect(PelvicFloorPractice.effort == 0.2...0.3)
    }

    @Test(arguments: [(0, 8, 5, 3), (11, 30, 5, 3), (3, 61, 5, 3), (3, 8, 61, 3), (3, 8, 5, 0), (3, 8, 5, 21)])
    func outOfRangeTimingsAreRefused(contract: Int, release: Int, rest: Int, repetitions: Int) {
        #expect(throws: PelvicFloorProblem.self) {
            try PelvicFloorPractice(contractSeconds: contract, releaseSeconds: release, restSeconds: rest, repetitions: repetitions)
        }
    }

    @Test func jawCuesAreOffByDefaultAndComeOncePerInterval() throws {
        #expect(JawCues.off.cue(after: 0, upTo: 3600) == nil)
        let cues = try JawCues(everyMinutes: 5)

        #expect(cues.cue(after: 0, upTo: 299) == nil)
        #expect(cues.cue(after: 299, upTo: 301) == JawCues.phrases[0])
        #expect(cues.cue(after: 301, upTo: 599) == nil)
        #expect(cues.cue(after: 599, upTo: 600) == JawCues.phrases[1])
        #expect(throws: JawCueProblem.intervalOutOfRange) { try JawCues(everyMinutes: 1) }
    }
}
