import Foundation
import Testing

@testable import TendCore

@Suite("Calendar days")
struct DayTests {
    @Test(arguments: [
        ("1970-01-01", 0), ("2000-02-29", 11_016), ("2026-11-25", 20_782), ("1969-12-31", -1), ("2400-03-01", 157_114),
    ])
    func daysReadAndWriteTheirNumbers(text: String, number: Int) throws {
        let day = try #require(Day(text))
        #expect(day.number == number)
        #expect(day.description == text)
        #expect(Day(day.date, in: TimeZone(identifier: "UTC")!) == day)
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-32", "", "2026-01-01T00:00"])
    func daysThatDoNotExistAreRefused(text: String) {
        #expect(Day(text) == nil)
    }

    @Test func everyDayOfEightCenturiesRoundTrips() throws {
        let numbers = -150_000...150_000
        let mismatched = numbers.filter { Day(Day(number: $0).description)?.number != $0 }
        #expect(mismatched.isEmpty)
        // Consecutive numbers are consecutive dates: the written forms sort the same way, none repeated.
        let written = numbers.map { Day(number: $0).description }
        #expect(written == written.sorted())
        #expect(Set(written).count == written.count)
    }
}

@Suite("Cycle phases")
struct CycleTests {
    func day(_ text: String) -> Day { Day(text)! }

    @Test func withNoHistoryATypicalCycleIsAssumedAndSaidSo() throws {
        let cycle = CycleRecord(periodStarts: [day("2026-03-01")])
        let expectations: [(String, Int, CyclePhase)] = [
            ("2026-03-01", 1, .menstrual), ("2026-03-05", 5, .menstrual), ("2026-03-06", 6, .follicular),
            ("2026-03-11", 11, .follicular), ("2026-03-12", 12, .ovulatory), ("2026-03-15", 15, .ovulatory),
            ("2026-03-16", 16, .luteal), ("2026-03-28", 28, .luteal),
        ]
        for (text, cycleDay, phase) in expectations {
            let estimate = try cycle.estimate(on: day(text)).get()
            #expect(estimate.cycleDay == cycleDay, "\(text)")
            #expect(estimate.phase == phase, "\(text)")
            #expect(estimate.basis == .typicalCycle)
        }
    }

    @Test func theirOwnCyclesSetTheLengthByTheMedianOfPlausibleGaps() throws {
        // Gaps of 32, 33, 31 days, and one of 70 (a period not logged), which is left out.
        let cycle = CycleRecord(periodStarts: [day("2026-01-01"), day("2026-02-02"), day("2026-03-07"), day("2026-05-16"), day("2026-06-16")])
        let estimate = try cycle.estimate(on: day("2026-07-01")).get()
        #expect(estimate.cycleLength == 32)
        #expect(estimate.basis == .ownHistory(cycles: 3))
        #expect(estimate.cycleDay == 16)
        // Ovulation about 14 days before the next period: day 18, window 16–19.
        #expect(estimate.phase == .ovulatory)
        #expect(try cycle.estimate(on: day("2026-06-30")).get().phase == .follicular)
        #expect(try cycle.estimate(on: day("2026-07-05")).get().phase == .luteal)
        #expect(estimate.explanation.contains("estimate"))
    }

    @Test func noPhaseIsGuessedWhereThereIsNoCycleToFollow() {
        let starts = [day("2026-01-01"), day("2026-01-29")]
        #expect(CycleRecord().estimate(on: day("2026-02-01")) == .failure(.noPeriodLogged))
        #expect(CycleRecord(periodStarts: starts).estimate(on: day("2025-12-31")) == .failure(.beforeFirstLoggedPeriod))
        #expect(
            CycleRecord(periodStarts: starts, contraception: .combinedPill).estimate(on: day("2026-02-01"))
                == .failure(.hormonalContraception(.combinedPill)))
        #expect(CycleRecord(periodStarts: starts, lifeStage: .pregnant).estimate(on: day("2026-02-01")) == .failure(.lifeStage(.pregnant)))
        #expect(CycleRecord(periodStarts: starts).estimate(on: day("2026-04-01")) == .failure(.longerThanUsual(days: 62)))
        // A copper coil leaves the natural cycle alone.
        #expect((try? CycleRecord(periodStarts: starts, contraception: .copperCoil).estimate(on: day("2026-02-01")).get()) != nil)
    }
}

@Suite("Progress figures")
struct ProgressTests {
    static let utc = TimeZone(identifier: "UTC")!
    let program = try! Program.standard()
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    var firstDay: Day { Day(start, in: Self.utc) }

    /// A session on day `day` that rates every point it reaches and stays `seconds` at each, up to `lastGate`.
    func practice(onDay day: Int, upToGate lastGate: Int, tension: Int, pain: Int, seconds: TimeInterval) throws -> PracticeSession {
        var harness = try EngineHarness()
        harness.now = start + Double(day) * 86_400
        harness.session = harness.engine.newSession(id: SessionID(rawValue: "day-\(day)"), owner: OwnerID(rawValue: "o1"), mode: .solo, at: harness.now)
        try harness.send(.start)
        while let position = harness.session.position, position != .finished {
            switch position {
            case .point:
                try harness.send(.rate(tension: tension, pain: pain))
                harness.wait(seconds)
                try harness.send(.next)
            case .checkIn(let gate) where gate >= lastGate:
                try harness.send(.enoughForToday)
            default:
                harness.wait(60)
                try harness.send(.next)
            }
        }
        return harness.session
    }

    func checkIn(onDay day: Int, tampon pain: Int, anxiety: Int, bodyTension: Int) -> CheckIn {
        CheckIn(day: firstDay + day, bodyTension: bodyTension, tried: [.tampon: Experience(anxiety: anxiety, pain: pain)])
    }

    @Test func aSessionIsReadThroughTheProgrammeItFollowed() throws {
        // Given a programme a practitioner wrote, whose one gate visits 12, 1 and 2
        let offered = Program(
            id: "offered:o1", name: "Gentle start", phases: program.phases, lines: program.lines, warmUp: program.warmUp,
            dwell: program.dwell, gates: [Gate(number: 1, depth: "just the tip", sequence: [12, 1, 2].compactMap(ClockPoint.init(hour:)))])
        try offered.validate()
        var harness = try EngineHarness(program: offered)
        harness.now = start
        try harness.send(.start)
        while let position = harness.session.position, position != .finished {
            if case .point = position { try harness.send(.rate(tension: 2, pain: 1)) }
            harness.wait(60)
            try harness.send(position == .checkIn(gate: 1) ? .enoughForToday : .next)
        }
        let digest = SessionDigest(harness.session)

        // When progress reads it knowing the programme, and not knowing it
        let read = PracticeProgress(
            sessions: [digest], checkIns: [], cycle: nil, program: program, followed: [offered], from: firstDay, to: firstDay, timeZone: Self.utc)
        let unread = PracticeProgress(
            sessions: [digest], checkIns: [], cycle: nil, program: program, from: firstDay, to: firstDay, timeZone: Self.utc)

        // Then its points are the programme's own hours; unknown, it counts as a session with no points
        #expect(read.points.filter { $0.inPeriod != nil }.map(\.hour).sorted() == [1, 2, 12])
        #expect(read.points.first { $0.hour == 12 }?.inPeriod?.pain == 1)
        #expect(unread.points.allSatisfy { $0.inPeriod == nil })
        #expect(unread.sessionCount == 1)
    }

    @Test func theFiguresFollowWhatWasRecorded() throws {
        let sessions = [
            try practice(onDay: 0, upToGate: 1, tension: 7, pain: 6, seconds: 240),
            try practice(onDay: 60, upToGate: 2, tension: 3, pain: 2, seconds: 90),
        ]
        let checkIns = [checkIn(onDay: 1, tampon: 5, anxiety: 6, bodyTension: 8), checkIn(onDay: 61, tampon: 1, anxiety: 2, bodyTension: 4)]
        // Cycles of 28 days: day 0 and 1 fall late in one cycle, days 60 and 61 early in another.
        let cycle = CycleRecord(periodStarts: [firstDay - 20, firstDay + 8, firstDay + 36, firstDay + 58])

        let progress = PracticeProgress(
            sessions: sessions.map(SessionDigest.init), checkIns: checkIns, cycle: cycle, program: program, from: firstDay, to: firstDay + 62, timeZone: Self.utc)

        #expect(progress.sessionCount == 2)
        #expect(progress.practiceDays == 2)
        let hour = program.gates[0].sequence[0].hour
        let visitsPerSession = program.gates[0].sequence.filter { $0.hour == hour }.count
        let firstPoint = try #require(progress.points.first { $0.gate == 1 && $0.hour == hour })
        #expect(firstPoint.early == PracticeProgress.PointFigures(visits: visitsPerSession, tension: 7, pain: 6, releaseSeconds: 240))
        #expect(firstPoint.recent == PracticeProgress.PointFigures(visits: visitsPerSession, tension: 3, pain: 2, releaseSeconds: 90))
        #expect(progress.points.count == program.gates.map { Set($0.sequence).count }.reduce(0, +))
        let deeper = try #require(progress.points.first { $0.gate == 2 })
        #expect(deeper.early == nil)
        #expect(deeper.recent?.pain == 2)
        #expect(progress.points.filter { $0.gate == 3 }.allSatisfy { $0.recent == nil && $0.early == nil && $0.inPeriod == nil })
        #expect(firstPoint.inPeriod == PracticeProgress.PointFigures(visits: 2 * visitsPerSession, tension: 5, pain: 4, releaseSeconds: 165))

        #expect(progress.weeks.first?.start ?? firstDay <= firstDay)
        #expect(progress.weeks.map(\.sessions).reduce(0, +) == 2)
        let lastWeek = try #require(progress.weeks.last { $0.sessions > 0 })
        #expect(lastWeek.deepestGate == 2)
        #expect(lastWeek.releaseSeconds == 90)
        #expect(lastWeek.experiences[.tampon] == PracticeProgress.MeanExperience(anxiety: 2, pain: 1, days: 1))
        #expect(lastWeek.pointsReached == Double(program.gates[0].sequence.count + program.gates[1].sequence.count))

        #expect(progress.comfortByPhase == [
            PracticeProgress.PhaseComfort(phase: .menstrual, days: 2, sessionPain: 2, checkInPain: 1, bodyTension: 4),
            PracticeProgress.PhaseComfort(phase: .luteal, days: 2, sessionPain: 6, checkInPain: 5, bodyTension: 8),
        ])

        let milestones = progress.milestones.map { "\($0.day - firstDay): \($0.words)" }
        #expect(milestones == [
            // Comfort and choice, never depth: no "first time at gate", no "walked all the way".
            "61: A tampon felt comfortable", "0: Your first practice session", "0: You stopped when you chose to: a whole session",
        ])
    }

    @Test func aDigestKeepsWhatListsAndProgressReadThroughStorage() throws {
        // Given a session with ratings and one left open part-way, with nothing rated
        let rated = try practice(onDay: 0, upToGate: 2, tension: 4, pain: 3, seconds: 75)
        var harness = try EngineHarness()
        harness.now = start + 86_400
        harness.session = harness.engine.newSession(id: SessionID(rawValue: "open"), owner: OwnerID(rawValue: "o1"), mode: .solo, at: harness.now)
        try harness.send(.start)
        while harness.session.position?.phase != .clockFace {
            harness.wait(30)
            try harness.send(.next)
        }
        harness.wait(50)
        try harness.send(.next)
        let open = harness.session

        // When their digests are written and read back as stored
        let digests = [rated, open].map(SessionDigest.init)
        let readBack = try JSONDecoder().decode([SessionDigest].self, from: JSONEncoder().encode(digests))

        // Then nothing is lost, and they carry what the lists and progress read
        #expect(readBack == digests)
        #expect(readBack[0].pointGates == rated.steps.compactMap { if case .point(let gate, _) = $0.position { gate } else { nil } })
        #expect(readBack[0].visits.allSatisfy { $0.tension == 4 && $0.pain == 3 && $0.seconds == 75 })
        #expect(readBack[0].closing == .enoughForToday && readBack[0].isFinished)
        #expect(readBack[0].activeSeconds == rated.activeSeconds(at: rated.updatedAt))
        #expect(readBack[1].visits.count == 2 && readBack[1].visits.allSatisfy { $0.tension == nil && $0.pain == nil })
        #expect(readBack[1].visits.first?.seconds == 50 && !readBack[1].isFinished && readBack[1].closing == nil)
        #expect(readBack[1].startedAt == open.startedAt)
    }

    @Test func withTooLittleHistoryTheMapMakesNoComparison() throws {
        let sessions = [try practice(onDay: 0, upToGate: 1, tension: 5, pain: 5, seconds: 100)]
        let progress = PracticeProgress(
            sessions: sessions.map(SessionDigest.init), checkIns: [], cycle: nil, program: program, from: firstDay, to: firstDay + 10, timeZone: Self.utc)
        #expect(progress.earlyWindow == nil)
        #expect(progress.points.allSatisfy { $0.early == nil })
        #expect(progress.comfortByPhase.isEmpty)
        #expect(progress.points.first { $0.hour == 7 }?.recent?.visits == 1)
    }
}
