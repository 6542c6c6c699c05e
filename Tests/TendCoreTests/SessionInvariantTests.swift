import Foundation
import Testing

@testable import TendCore

/// Invariants checked on every reachable state, not just on hand-picked paths.
@Suite("Session invariants hold in every reachable state")
struct SessionInvariantTests {
    static let intents: [Intent] = [
        .start, .next, .stayLonger, .pause, .resume, .rate(tension: 4, pain: 2), .rate(tension: 12, pain: nil),
        .enoughForToday, .reflect(Reflection(note: "n")), .signal(.softer), .signal(.readyForNext), .end,
    ]

    /// What distinguishes states for the invariants: position, pause, and whether started.
    struct Shape: Hashable {
        let position: Position?
        let paused: Bool
        let closing: Closing?
    }

    /// Breadth-first search over every state reachable from a new session, trying every
    /// intent from every participant. Returns each distinct state shape once.
    static func reachableStates(mode: SessionMode) throws -> [PracticeSession] {
        let engine = SessionEngine(program: try Program.standard())
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let first = engine.newSession(id: SessionID(rawValue: "s"), owner: OwnerID(rawValue: "o"), mode: mode, at: start)
        var seen: Set<Shape> = []
        var frontier = [first]
        var states: [PracticeSession] = []
        while let session = frontier.popLast() {
            guard seen.insert(Shape(position: session.position, paused: session.isPaused, closing: session.closing)).inserted
            else { continue }
            states.append(session)
            for participant in Participant.allCases {
                for intent in intents {
                    let later = session.updatedAt + 7
                    if let next = try? engine.apply(SessionEvent(intent, by: participant), to: session, at: later) {
                        frontier.append(next)
                    }
                }
            }
        }
        return states
    }

    @Test(arguments: SessionMode.allCases)
    func endIsAcceptedEverywhereByEveryoneInTheSession(mode: SessionMode) throws {
        let engine = SessionEngine(program: try Program.standard())
        let states = try Self.reachableStates(mode: mode)
        #expect(states.count > 40, "the search should reach every point of every gate")
        let participants: [Participant] = mode == .solo ? [.alone] : [.receiver, .giver]

        for session in states {
            for participant in participants {
                let ended = try engine.apply(SessionEvent(.end, by: participant), to: session, at: session.updatedAt + 1)
                #expect(ended.position == .phase(.close) || ended.isFinished)
                #expect(!ended.isPaused)
            }
        }
    }

    @Test(arguments: SessionMode.allCases)
    func visitedPositionsAreAlwaysAPrefixOfTheMethodsOrder(mode: SessionMode) throws {
        let program = try Program.standard()
        let fullPath = program.fullPath

        for session in try Self.reachableStates(mode: mode) {
            // Cutting short jumps to the close; everything before that must follow the path exactly.
            let visited = session.steps.map(\.position).prefix { $0 != .phase(.close) && $0 != .finished }
            #expect(Array(fullPath.prefix(visited.count)) == Array(visited), "\(visited)")
        }
    }

    @Test(arguments: SessionMode.allCases)
    func aDeeperGateIsReachedOnlyThroughTheCheckInBeforeIt(mode: SessionMode) throws {
        for session in try Self.reachableStates(mode: mode) {
            let positions = session.steps.map(\.position)
            for (index, position) in positions.enumerated() {
                guard case .point(let gate, 0) = position, gate > 1 else { continue }
                #expect(index > 0 && positions[index - 1] == .checkIn(gate: gate - 1))
                #expect(positions.contains(.point(gate: gate - 1, step: 8)))
            }
        }
    }

    @Test func theGiverNeverChangesWhereTheSessionIs() throws {
        let engine = SessionEngine(program: try Program.standard())
        for session in try Self.reachableStates(mode: .partner) {
            for intent in Self.intents where intent != .end {
                if let next = try? engine.apply(SessionEvent(intent, by: .giver), to: session, at: session.updatedAt + 1) {
                    #expect(next.position == session.position)
                }
            }
        }
    }

    /// Random walks with random gaps between events. An independent tally of paused time
    /// must always match the engine's active time exactly.
    @Test(arguments: 1...40)
    func activeTimeNeverIncludesPausedTime(seed: UInt64) throws {
        let engine = SessionEngine(program: try Program.standard())
        var random = SplitMix64(seed: seed)
        var now = Date(timeIntervalSince1970: 1_700_000_000)
        var session = engine.newSession(id: SessionID(rawValue: "s"), owner: OwnerID(rawValue: "o"), mode: .solo, at: now)
        session = try engine.apply(SessionEvent(.start, by: .alone), to: session, at: now)
        let startedAt = now
        var pausedTotal: TimeInterval = 0
        var pausedSince: Date?

        for _ in 0..<300 {
            now += TimeInterval(random.next() % 600) + Double(random.next() % 1000) / 1000
            let intent = Self.intents[Int(random.next() % UInt64(Self.intents.count))]
            guard intent != .end || random.next() % 20 == 0 else { continue }
            guard let next = try? engine.apply(SessionEvent(intent, by: .alone), to: session, at: now) else { continue }
            if !session.isPaused && next.isPaused { pausedSince = now }
            if session.isPaused && !next.isPaused, let since = pausedSince {
                pausedTotal += now.timeIntervalSince(since)
                pausedSince = nil
            }
            session = next
            if session.isFinished { break }

            let stillPaused = pausedSince.map { now.timeIntervalSince($0) } ?? 0
            let expected = now.timeIntervalSince(startedAt) - pausedTotal - stillPaused
            #expect(abs(session.activeSeconds(at: now) - expected) < 1e-6)
        }
    }
}

/// A small, seedable random number generator so failures can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
