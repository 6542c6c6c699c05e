import Foundation
import TendCore
import TendStore
import TendVault

/// Why an event was not applied, for the person who sent it.
public enum PracticeError: Error, Equatable {
    case sessionNotFound
    case rejected(SessionRejection)
    /// The stored session could not be read (damaged, or not fitting the programme).
    case sessionUnreadable
}

/// Starts sessions, applies people's events through the engine, and saves after every change.
public struct PracticeService: Sendable {
    public let store: any Store
    public let engine: SessionEngine
    public let clock: TendClock
    public let ids: IdentifierSource

    /// A service over a store, with the engine, clock and identifier source it uses.
    public init(store: any Store, engine: SessionEngine, clock: TendClock, ids: IdentifierSource) {
        self.store = store
        self.engine = engine
        self.clock = clock
        self.ids = ids
    }

    /// Creates and starts a new session, following the programme the person chose.
    public func start(mode: SessionMode, in space: UnlockedSpace) async throws -> PracticeSession {
        let now = clock.now()
        let engine = try await chosenEngine(in: space)
        let fresh = engine.newSession(id: SessionID(rawValue: ids.next()), owner: space.owner, mode: mode, at: now)
        let started = try engine.apply(SessionEvent(.start, by: mode == .solo ? .alone : .receiver), to: fresh, at: now)
        try await store.save(started, in: space)
        return started
    }

    /// Creates a partner session that waits, not started, until the receiver begins it.
    public func createPartnerSession(in space: UnlockedSpace) async throws -> PracticeSession {
        let engine = try await chosenEngine(in: space)
        let session = engine.newSession(id: SessionID(rawValue: ids.next()), owner: space.owner, mode: .partner, at: clock.now())
        try await store.save(session, in: space)
        return session
    }

    /// The engine for the programme the person chose for new sessions.
    private func chosenEngine(in space: UnlockedSpace) async throws -> SessionEngine {
        let shelf = try await shelf(in: space)
        // The choice names only a kept programme that can be read; otherwise it is the method's own.
        let chosen = try await Programmes.chosenID(from: store, space: space, standard: engine.program, kept: shelf.kept)
        return shelf.program(for: chosen).map(SessionEngine.init(program:)) ?? engine
    }

    /// Applies one event and saves the result before returning it, so an answered event is never lost.
    ///
    /// - Parameter seenVersion: the version the sender's screen showed. If the session has moved on
    ///   since, the event is dropped (a double tap must never skip a point) — except `end`, which
    ///   always applies.
    public func apply(
        _ event: SessionEvent, to id: SessionID, seenVersion: Int?, in space: UnlockedSpace
    ) async throws -> PracticeSession {
        // Another tab may save in between; retry on a stale write with the fresh state.
        for _ in 0..<3 {
            let session = try await session(id, in: space)
            if let seenVersion, seenVersion != session.version, event.intent != .end {
                return session
            }
            let engine = try await engine(for: session.programID, in: space)
            let next: PracticeSession
            do {
                next = try engine.apply(event, to: session, at: clock.now())
            } catch {
                throw PracticeError.rejected(error)
            }
            guard next != session else { return session }
            guard try await saveUnlessStale(next, in: space) else { continue }
            if next.isFinished && !session.isFinished { await letPractitionersKnow(in: space) }
            return next
        }
        throw StoreError.databaseUnavailable("the session kept changing while saving")
    }

    /// Saves a session; false when a newer one was saved meanwhile.
    private func saveUnlessStale(_ session: PracticeSession, in space: UnlockedSpace) async throws -> Bool {
        do {
            try await store.save(session, in: space)
            return true
        } catch StoreError.staleWrite {
            return false
        }
    }

    /// A session just finished and is saved: a practitioner kept up to date hears of it now, or at
    /// the next thing the person records.
    private func letPractitionersKnow(in space: UnlockedSpace) async {
        do {
            try await Practitioners.followRecords(in: space, store: store, at: clock.now())
        } catch {
            return
        }
    }

    /// One session; a stored one that cannot be read, or does not fit the programme, is refused
    /// as unreadable rather than shown.
    public func session(_ id: SessionID, in space: UnlockedSpace) async throws -> PracticeSession {
        try await checkedSession(id, in: space).session
    }

    /// One session, checked by the engine once (a live room then applies events without checking
    /// the whole session again).
    public func checkedSession(_ id: SessionID, in space: UnlockedSpace) async throws -> CheckedSession {
        let stored: PracticeSession?
        do {
            stored = try await store.session(id, in: space)
        } catch where error.isUnreadableRecord {
            throw PracticeError.sessionUnreadable
        }
        guard let session = stored else { throw PracticeError.sessionNotFound }
        let engine = try await engine(for: session.programID, in: space)
        guard let checked = try? engine.check(session) else { throw PracticeError.sessionUnreadable }
        return checked
    }

    /// Every session that can be read, each checked against the programme it followed, newest first.
    public func sessions(in space: UnlockedSpace) async throws -> [PracticeSession] {
        try await shelf(in: space).readable(try await store.sessions(in: space))
    }

    /// What lists show of every session of the method, newest first.
    public func digests(in space: UnlockedSpace) async throws -> [SessionDigest] {
        try await Self.digests(from: store, in: space)
    }

    /// What lists show of every session of the method (its own programme, or one the person took on
    /// from a practitioner), newest first. A step practised with a partner is a session too, but it
    /// belongs to the steps' own progress, not the method's.
    public static func digests(from store: any Store, in space: UnlockedSpace) async throws -> [SessionDigest] {
        try await store.digests(in: space).filter { Program.practisedStep(in: $0.programID) == nil }
    }

    /// The engine for a stored session's programme: the method's, one the person took on, or the
    /// one made from a step the person practises with a partner (the step as it is on their ladder now).
    public func engine(for programID: String, in space: UnlockedSpace) async throws -> SessionEngine {
        if programID == engine.program.id { return engine }
        // Only what this one session names is read: its step's plan, or its one kept programme.
        let program = Program.practisedStep(in: programID) == nil
            ? try await Programmes.keptProgram(programID, from: store, space: space)
            : ProgramShelf(standard: engine.program, steps: try await Steps.plan(from: store, space: space), kept: []).program(for: programID)
        guard let program else { throw PracticeError.sessionUnreadable }
        return SessionEngine(program: program)
    }

    /// Every programme the person's sessions may follow, read once (for a list, read it once and
    /// ask it for each session).
    public func shelf(in space: UnlockedSpace) async throws -> ProgramShelf {
        try await Programmes.shelf(from: store, space: space, standard: engine.program)
    }

    /// Creates a partner session for one step of the person's ladder, waiting for the receiver to begin.
    public func createPartnerSession(practising step: Step, in space: UnlockedSpace) async throws -> PracticeSession {
        let plan = try await Steps.plan(from: store, space: space)
        let engine = SessionEngine(program: .practising(step, thresholds: plan.thresholds, base: engine.program))
        let session = engine.newSession(id: SessionID(rawValue: ids.next()), owner: space.owner, mode: .partner, at: clock.now())
        try await store.save(session, in: space)
        return session
    }
}
