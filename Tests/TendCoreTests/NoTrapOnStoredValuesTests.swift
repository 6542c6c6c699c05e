import Foundation
import Testing

@testable import TendCore

@Suite("No stored value makes Tend trap")
struct NoTrapOnStoredValuesTests {
    static let program = try! Program.standard()

    /// The sample session, edited by hand in ways decoding accepts (its own rules hold) but the programme does not.
    static func decodedSample(_ edit: (inout JSONTree) -> Void) throws -> PracticeSession {
        var tree = try JSONTree(encoding: StoredValueValidationTests.sampleSession())
        edit(&tree)
        return try JSONDecoder().decode(PracticeSession.self, from: tree.data())
    }

    static let outOfProgramme: [SessionDamage] = [
        .init("a point past the end of the gate", field: "steps[5].position") {
            $0["steps", 5, "position"] = ["point": ["gate": 1, "step": 9]]
        },
        .init("a point at a negative place", field: "steps[4].position") {
            $0["steps", 4, "position"] = ["point": ["gate": 1, "step": -1]]
        },
        .init("a gate the programme lacks", field: "steps[5].position") {
            $0["steps", 5, "position"] = ["point": ["gate": Int.max, "step": 0]]
        },
        .init("a check-in after no gate", field: "steps[3].position") {
            $0["steps", 3, "position"] = ["checkIn": ["gate": 0]]
        },
        .init("the clock face as a phase", field: "steps[3].position") {
            $0["steps", 3, "position"] = ["phase": ["_0": "clockFace"]]
        },
        .init("a signal at no such point", field: "signals[0].position") {
            $0["signals", 0, "position"] = ["point": ["gate": 4, "step": 0]]
        },
        .init("another programme", field: "programID") { $0["programID"] = "someone-elses" },
    ]

    /// The first problem `validate(against:)` finds; nil when the session fits the programme.
    static func programmeProblem(of session: PracticeSession) -> ValueProblem? {
        do {
            try session.validate(against: program)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: outOfProgramme)
    func aSessionThatDoesNotFitTheProgrammeIsNamedAndNeverChanged(damage: SessionDamage) throws {
        // Given a session that reads (its own rules hold), but records what its programme does not have
        let session = try Self.decodedSample(damage.edit)
        #expect(session.firstProblem == nil)

        // Then checking it against the programme names the field
        #expect(Self.programmeProblem(of: session)?.path == damage.field)

        // And the engine refuses every event, "end" and the current point's included, without trapping
        let engine = SessionEngine(program: Self.program)
        for intent in [Intent.end, .resume, .next, .stayLonger, .rate(tension: 1, pain: 1)] {
            #expect(throws: SessionRejection.recordDamaged) {
                try engine.apply(SessionEvent(intent, by: .receiver), to: session, at: session.updatedAt + 1)
            }
        }
    }

    @Test func endOnANeverStartedSessionMarkedPausedIsRefusedNotTrapped() throws {
        // Given a session with no steps but a pause, as a hand edit could leave it
        let engine = SessionEngine(program: Self.program)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var session = engine.newSession(
            id: SessionID(rawValue: "s"), owner: OwnerID(rawValue: "o"), mode: .solo, at: now)
        session.pausedAt = now

        // Then "end" is refused as damaged
        #expect(throws: SessionRejection.recordDamaged) {
            try engine.apply(SessionEvent(.end, by: .alone), to: session, at: now)
        }
    }

    @Test func countsStopAtTheLimitRatherThanOverflowOrBecomeUnreadable() throws {
        // Given sessions at the most a count may be
        let engine = SessionEngine(program: Self.program)
        let atMostVersions = try Self.decodedSample { $0["version"] = ValueLimits.count.upperBound }
        var atMostExtensions = try Self.decodedSample { $0["steps", 5, "extensions"] = ValueLimits.count.upperBound }
        atMostExtensions = try engine.apply(
            SessionEvent(.resume, by: .receiver), to: atMostExtensions, at: atMostExtensions.updatedAt)

        // Then one more is refused, and both still read back
        #expect(throws: SessionRejection.recordDamaged) {
            try engine.apply(SessionEvent(.resume, by: .receiver), to: atMostVersions, at: atMostVersions.updatedAt)
        }
        #expect(throws: SessionRejection.recordDamaged) {
            try engine.apply(
                SessionEvent(.stayLonger, by: .receiver), to: atMostExtensions, at: atMostExtensions.updatedAt)
        }
        for session in [atMostVersions, atMostExtensions] {
            #expect(try JSONDecoder().decode(PracticeSession.self, from: JSONEncoder().encode(session)) == session)
        }
    }

    @Test func listsLongerThanTendKeepsAreRefused() throws {
        // Given a session with a million and one signals, and a step with as many ratings
        let sample = try StoredValueValidationTests.sampleSession()
        var signals = sample
        signals.signals = Array(repeating: sample.signals[0], count: ValueLimits.count.upperBound + 1)
        var ratings = sample
        ratings.steps[4].ratings = Array(repeating: sample.steps[4].ratings[0], count: ValueLimits.count.upperBound + 1)

        // Then each is named
        #expect(signals.firstProblem?.path == "signals")
        #expect(ratings.firstProblem?.path == "steps[4].ratings")
    }

    @Test func theProgrammeNeverOverflowsMovingOn() {
        #expect(Self.program.position(after: .point(gate: 1, step: Int.max)) == .checkIn(gate: 1))
        #expect(Self.program.position(after: .checkIn(gate: Int.max)) == .phase(.close))
        #expect(Self.program.position(after: .point(gate: 1, step: -5)) == .checkIn(gate: 1))
    }

    @Test func daysAndWeekdaysFromAnyTimeAreSafe() {
        for seconds in [Double.nan, .infinity, -.infinity, 1e300, -1e300] {
            let day = Day(Date(timeIntervalSince1970: seconds), in: TimeZone(identifier: "UTC")!)
            #expect(abs(day.number) <= Int(Day.farthest))
            _ = Weekday(of: day)
        }
        #expect(Weekday(of: Day(number: .max)) == Weekday(of: Day(number: Int.max % 7)))
        #expect(Weekday(of: Day(number: .min)) == Weekday(of: Day(number: Int.min % 7)))
    }

    @Test func jawCuesIgnoreTimesThatAreNotNumbers() throws {
        let cues = try JawCues(everyMinutes: 2)
        #expect(cues.cue(after: 0, upTo: .infinity) == nil)
        #expect(cues.cue(after: 0, upTo: .nan) == nil)
        #expect(cues.cue(after: 100, upTo: 121) == JawCues.phrases[0])
        #expect(cues.cue(after: 1e300, upTo: 2e300) != nil)
    }

    @Test func progressWithOddFiguresAndAPeriodBackToFrontDoesNotTrap() throws {
        // Given a session holding what no form allows (set from inside, as no decoding would let it in):
        // ratings of Int.max, a point entered at a time that is not a number, endless seconds there
        var session = try StoredValueValidationTests.sampleSession()
        var odd = StepRecord(position: session.steps[4].position, at: Date(timeIntervalSince1970: .nan), running: false)
        odd.leftAt = session.steps[4].leftAt
        odd.countedSeconds = .infinity
        odd.ratings = [
            PointRating(tension: .max, pain: .max, at: .distantFuture),
            PointRating(tension: .max, pain: .max, at: .now),
        ]
        session.steps[4] = odd
        let checkIn = CheckIn(
            day: Day(number: 0), bodyTension: .max, tried: [.tampon: Experience(anxiety: .max, pain: .max)])

        // When progress is worked out for a period given back to front
        let progress = PracticeProgress(
            sessions: [SessionDigest(session)], checkIns: [checkIn, checkIn],
            cycle: CycleRecord(periodStarts: [Day(number: 0)]),
            program: Self.program, from: Day(number: 30), to: Day(number: 0), timeZone: TimeZone(identifier: "UTC")!)

        // Then it is worked out, the right way round, with the odd figures as they are
        #expect(progress.from == Day(number: 0) && progress.to == Day(number: 30))
        let point = try #require(progress.points.first { $0.gate == 1 }?.inPeriod)
        #expect(point.pain == Double(Int.max) && point.releaseSeconds == .infinity)
        #expect(progress.comfortByPhase.first?.bodyTension == Double(Int.max))
    }
}
