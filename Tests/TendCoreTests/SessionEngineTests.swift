import Foundation
import Testing

@testable import TendCore

/// Helpers for driving the engine with a fake clock.
struct EngineHarness {
    let engine: SessionEngine
    var session: PracticeSession
    var now: Date

    init(mode: SessionMode = .solo, program: Program? = nil) throws {
        engine = SessionEngine(program: try program ?? Program.standard())
        now = Date(timeIntervalSince1970: 1_800_000_000)
        session = engine.newSession(id: SessionID(rawValue: "s1"), owner: OwnerID(rawValue: "o1"), mode: mode, at: now)
    }

    var person: Participant { session.mode == .solo ? .alone : .receiver }

    mutating func wait(_ seconds: TimeInterval) { now += seconds }

    mutating func send(_ intent: Intent, by participant: Participant? = nil) throws(SessionRejection) {
        session = try engine.apply(SessionEvent(intent, by: participant ?? person), to: session, at: now)
    }

    func rejection(_ intent: Intent, by participant: Participant? = nil) -> SessionRejection? {
        do {
            _ = try engine.apply(SessionEvent(intent, by: participant ?? person), to: session, at: now)
            return nil
        } catch {
            return error
        }
    }
}

@Suite("The session engine, step by step")
struct SessionEngineTests {
    @Test func aWholeSoloSessionWalksTheMethodInOrder() throws {
        var harness = try EngineHarness()
        try harness.send(.start)
        var visited = [harness.session.position!]

        while harness.session.position != .finished {
            harness.wait(60)
            try harness.send(.next)
            visited.append(harness.session.position!)
        }

        #expect(visited == harness.engine.program.fullPath)
        #expect(harness.session.closing == .completed)
        #expect(harness.session.version == visited.count)
    }

    @Test func nothingMovesOnByItself() throws {
        var harness = try EngineHarness()
        try harness.send(.start)
        try harness.send(.next)
        let before = harness.session

        harness.wait(3 * 3600)

        #expect(harness.session.position == .phase(.warmUp))
        #expect(harness.session == before)
        #expect(harness.session.steps.last!.activeSeconds(at: harness.now) == 3 * 3600)
    }

    @Test func pausedTimeIsNotCountedOnThePointOrThePhase() throws {
        var harness = try EngineHarness()
        try harness.send(.start)
        for _ in 0..<4 { try harness.send(.next) }
        #expect(harness.session.position == .point(gate: 1, step: 0))

        harness.wait(100)
        try harness.send(.pause)
        harness.wait(1000)
        #expect(harness.rejection(.next) == .paused)
        try harness.send(.resume)
        harness.wait(50)
        try harness.send(.next)

        let point = harness.session.steps[harness.session.steps.count - 2]
        #expect(point.position == .point(gate: 1, step: 0))
        #expect(point.activeSeconds(at: harness.now) == 150)
        #expect(harness.session.pausedSeconds == 1000)
        #expect(harness.session.activeSeconds(in: .clockFace, at: harness.now) == 150)
    }

    @Test func ratingsBelongToClockPointsAndStayInRange() throws {
        var harness = try EngineHarness()
        try harness.send(.start)
        #expect(harness.rejection(.rate(tension: 3, pain: 1)) == .notAtAClockPoint)
        for _ in 0..<4 { try harness.send(.next) }

        #expect(harness.rejection(.rate(tension: 11, pain: nil)) == .ratingOutOfRange)
        #expect(harness.rejection(.rate(tension: nil, pain: -1)) == .ratingOutOfRange)
        #expect(harness.rejection(.rate(tension: nil, pain: nil)) == .ratingOutOfRange)
        try harness.send(.rate(tension: 6, pain: 2))
        try harness.send(.stayLonger)

        let step = harness.session.steps.last!
        #expect(step.ratings.map(\.tension) == [6])
        #expect(step.ratings.map(\.pain) == [2])
        #expect(step.extensions == 1)
    }

    @Test func enoughForTodayGoesToTheCloseFromTheCheckIn() throws {
        var harness = try EngineHarness()
        try harness.send(.start)
        for _ in 0..<(4 + 9) { try harness.send(.next) }
        #expect(harness.session.position == .checkIn(gate: 1))

        try harness.send(.enoughForToday)

        #expect(harness.session.position == .phase(.close))
        #expect(harness.session.closing == .enoughForToday)
        #expect(harness.rejection(.enoughForToday) == .alreadyClosing)
    }

    @Test func endLeadsToTheCloseThenFinishesAndThenChangesNothing() throws {
        var harness = try EngineHarness()
        try harness.send(.start)
        try harness.send(.next)
        try harness.send(.pause)

        try harness.send(.end)
        #expect(harness.session.position == .phase(.close))
        #expect(harness.session.closing == .ended)
        #expect(!harness.session.isPaused)

        try harness.send(.reflect(Reflection(howItFelt: "calmer than I expected", emotions: ["relief"], note: "")))
        try harness.send(.end)
        #expect(harness.session.isFinished)

        let finished = harness.session
        try harness.send(.end)
        #expect(harness.session == finished)
    }

    @Test func endBeforeTheStartStillAnswersWithTheClose() throws {
        var harness = try EngineHarness()

        try harness.send(.end)

        #expect(harness.session.position == .phase(.close))
        #expect(harness.rejection(.start) == .alreadyStarted)
    }

    @Test func reflectionsBelongToTheCloseAndHaveALimit() throws {
        var harness = try EngineHarness()
        try harness.send(.start)
        #expect(harness.rejection(.reflect(Reflection(note: "early"))) == .notAtTheClose)
        try harness.send(.enoughForToday)

        let long = String(repeating: "a", count: Reflection.maximumLength + 1)
        #expect(harness.rejection(.reflect(Reflection(note: long))) == .reflectionTooLong)
        try harness.send(.reflect(Reflection(note: "kept")))
        #expect(harness.session.reflection?.note == "kept")
    }

    @Test func inAPartnerSessionOnlyTheReceiverMovesThingsOn() throws {
        var harness = try EngineHarness(mode: .partner)
        #expect(harness.rejection(.start, by: .giver) == .onlyTheReceiverCan(.start))
        try harness.send(.start, by: .receiver)

        for intent: Intent in [.next, .stayLonger, .resume, .enoughForToday, .rate(tension: 1, pain: 1)] {
            #expect(harness.rejection(intent, by: .giver) == .onlyTheReceiverCan(intent))
        }
        #expect(harness.rejection(.next, by: .alone) == .notInThisSession(.alone))

        try harness.send(.pause, by: .giver)
        #expect(harness.session.isPaused)
        #expect(harness.rejection(.resume, by: .giver) == .onlyTheReceiverCan(.resume))
        try harness.send(.resume, by: .receiver)
        try harness.send(.end, by: .giver)
        #expect(harness.session.position == .phase(.close))
    }

    @Test func soloSessionsRefuseReceiverAndGiver() throws {
        let harness = try EngineHarness()
        #expect(harness.rejection(.start, by: .receiver) == .notInThisSession(.receiver))
        #expect(harness.rejection(.start, by: .giver) == .notInThisSession(.giver))
    }

    @Test func aClockThatStepsBackwardsNeverMakesNegativeTime() throws {
        var harness = try EngineHarness()
        try harness.send(.start)
        harness.wait(30)
        try harness.send(.next)
        harness.wait(-600)

        try harness.send(.next)

        #expect(harness.session.steps.allSatisfy { $0.activeSeconds(at: harness.now) >= 0 })
        #expect(harness.session.updatedAt == Date(timeIntervalSince1970: 1_800_000_030))
    }

    @Test func sessionsSurviveAJSONRoundTrip() throws {
        var harness = try EngineHarness()
        try harness.send(.start)
        for _ in 0..<5 { try harness.send(.next) }
        try harness.send(.rate(tension: 4, pain: nil))
        harness.wait(12.345)
        try harness.send(.pause)

        let decoded = try JSONDecoder().decode(PracticeSession.self, from: JSONEncoder().encode(harness.session))

        #expect(decoded == harness.session)
    }
}

@Suite("Live signals between partners")
struct SignalTests {
    @Test func receiverSignalsAndGiverProposalsAreLoggedInOrderWithoutMovingTheSession() throws {
        var harness = try EngineHarness(mode: .partner)
        try harness.send(.start, by: .receiver)
        let position = harness.session.position

        try harness.send(.signal(.softer), by: .receiver)
        try harness.send(.signal(.pain(3)), by: .receiver)
        try harness.send(.signal(.readyForNext), by: .giver)

        #expect(harness.session.position == position)
        #expect(harness.session.signals.map(\.signal) == [.softer, .pain(3), .readyForNext])
        #expect(harness.session.signals.map(\.by) == [.receiver, .receiver, .giver])
        #expect(harness.session.version == 4)
    }

    @Test func eachSideSendsOnlyItsOwnSignals() throws {
        var harness = try EngineHarness(mode: .partner)
        try harness.send(.start, by: .receiver)
        #expect(harness.rejection(.signal(.softer), by: .giver) == .onlyTheReceiverCan(.signal(.softer)))
        #expect(harness.rejection(.signal(.readyForNext), by: .receiver) == .onlyTheGiverProposes)
        #expect(harness.rejection(.signal(.pain(6)), by: .receiver) == .signalOutOfRange)
        #expect(harness.rejection(.signal(.pain(0)), by: .receiver) == .signalOutOfRange)
    }

    @Test func aSoloSessionHasNoOneToSignal() throws {
        var harness = try EngineHarness()
        try harness.send(.start)
        #expect(harness.rejection(.signal(.softer)) == .signalsNeedAPartner)
    }

    /// Mirrors how the live room saves: the session record only when something besides signals
    /// changed, every signal as its own log entry carrying the version of its batch.
    @Test func aSessionStoredApartFromItsSignalsComesBackWhole() throws {
        var harness = try EngineHarness(mode: .partner)
        var stored = harness.session.withoutSignals
        var log: [LoggedSignal] = []
        func save(stateChanged: Bool) {
            if stateChanged { stored = harness.session.withoutSignals }
            log += harness.session.loggedSignals(from: log.count)
        }
        try harness.send(.start)
        save(stateChanged: true)
        harness.wait(5)
        try harness.send(.signal(.softer))
        try harness.send(.signal(.pain(2)))
        save(stateChanged: false)
        harness.wait(5)
        try harness.send(.pause)
        try harness.send(.signal(.holdStill))
        save(stateChanged: true)
        harness.wait(5)
        try harness.send(.signal(.readyForNext), by: .giver)
        save(stateChanged: false)

        #expect(stored.signals.isEmpty)
        #expect(stored.version < harness.session.version)
        #expect(stored.rejoining(log.shuffled()) == harness.session)
        // An entry with a gap before it is not taken: the log is read only as far as it is whole.
        #expect(stored.rejoining(Array(log.dropFirst())).signals.isEmpty)
    }
}
