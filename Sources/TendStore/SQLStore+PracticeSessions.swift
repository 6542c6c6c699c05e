import Foundation
import SQLKit
import TendCore
import TendVault

// MARK: - Practice sessions

extension SQLStore {
    /// Record kind bound into each sealed session, so a blob cannot pose as another kind.
    static let sessionKind = "practice-session"
    /// Record kind bound into each sealed entry of a session's signal log.
    static let signalKind = "session-signal"
    /// Record kind bound into each session's sealed digest.
    static let digestKind = "session-digest"

    public func save(_ session: PracticeSession, in space: UnlockedSpace) async throws(StoreError) {
        let sealed = try Self.sealState(of: session, in: space)
        // Only signals not yet in the log are sealed (outside the transaction, which holds the one
        // SQLite connection). Should another save append meanwhile, its rows are simply kept.
        let stored = session.signals.isEmpty ? 0 : try await database.withSession { database in
            try await database.raw("SELECT COUNT(*) AS stored FROM session_signals WHERE session_id = \(bind: session.id.rawValue)")
                .first()?.decode(column: "stored", as: Int.self) ?? 0
        }
        let signals = try Self.sealSignals(session.loggedSignals(from: stored), of: session.id, in: space)
        let saved = try await database.transaction { database in
            guard try await Self.writeState(sealed, of: session, owner: space.owner, to: database) else { return false }
            try await Self.appendSignals(signals, to: database)
            return true
        }
        guard saved else { throw .staleWrite(recordID: session.id.rawValue) }
    }

    public func save(_ changes: [SessionChanges]) async throws(StoreError) {
        var states: [(session: PracticeSession, owner: OwnerID, sealed: SealedState)] = []
        var signals: [SealedSignal] = []
        for change in changes {
            let session = change.session
            if change.stateChanged {
                states.append((session, change.space.owner, try Self.sealState(of: session, in: change.space)))
            }
            signals += try Self.sealSignals(session.loggedSignals(from: change.storedSignals), of: session.id, in: change.space)
        }
        // Sessions first (a new session's signals point at it), then every signal in one statement.
        try await database.transaction { [states, signals] database in
            for state in states {
                _ = try await Self.writeState(state.sealed, of: state.session, owner: state.owner, to: database)
            }
            try await Self.appendSignals(signals, to: database)
        }
    }

    public func session(_ id: SessionID, in space: UnlockedSpace) async throws(StoreError) -> PracticeSession? {
        let owner = space.owner.rawValue
        let (sealed, signals) = try await database.withSession { database in
            let sealed = try await database.raw(
                "SELECT sealed FROM practice_sessions WHERE id = \(bind: id.rawValue) AND owner_id = \(bind: owner)"
            ).first()?.decode(column: "sealed", as: Data.self)
            let signals = try await database.raw(
                """
                SELECT session_id, position, sealed FROM session_signals
                WHERE session_id = \(bind: id.rawValue) AND owner_id = \(bind: owner) ORDER BY position
                """
            ).all().map(Self.signalRow)
            return (sealed, signals)
        }
        guard let sealed else { return nil }
        return try Self.open(sealed, id: id.rawValue, signals: signals, in: space)
    }

    public func sessions(in space: UnlockedSpace) async throws(StoreError) -> [PracticeSession] {
        let owner = space.owner.rawValue
        let (rows, signalRows) = try await database.withSession { database in
            let rows = try await database.raw("SELECT id, sealed FROM practice_sessions WHERE owner_id = \(bind: owner)")
                .all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "sealed", as: Data.self)) }
            let signals = try await database.raw(
                "SELECT session_id, position, sealed FROM session_signals WHERE owner_id = \(bind: owner) ORDER BY session_id, position"
            ).all().map(Self.signalRow)
            return (rows, signals)
        }
        let signalsBySession = Dictionary(grouping: signalRows, by: \.session)
        var sessions: [PracticeSession] = []
        sessions.reserveCapacity(rows.count)
        for (id, sealed) in rows {
            // A record that cannot be read is left out of lists; opening it alone says so.
            guard let session = try Self.openReadable(sealed, id: id, signals: signalsBySession[id] ?? [], in: space) else { continue }
            sessions.append(session)
        }
        return sessions.sorted { ($0.createdAt, $0.id.rawValue) > ($1.createdAt, $1.id.rawValue) }
    }

    public func digests(in space: UnlockedSpace) async throws(StoreError) -> [SessionDigest] {
        let owner = space.owner.rawValue
        let rows = try await database.withSession { database in
            try await database.raw("SELECT id, digest FROM practice_sessions WHERE owner_id = \(bind: owner)").all()
                .map { (id: try $0.decode(column: "id", as: String.self), digest: try $0.decode(column: "digest", as: Data?.self)) }
        }
        var digests: [SessionDigest] = []
        var missing: [String] = []
        digests.reserveCapacity(rows.count)
        for row in rows {
            if let sealed = row.digest, let digest = try Self.openDigest(sealed, id: row.id, in: space) {
                digests.append(digest)
            } else {
                missing.append(row.id)
            }
        }
        if !missing.isEmpty {
            digests += try await makeDigests(of: missing, in: space)
        }
        return digests.sorted { ($0.createdAt, $0.id.rawValue) > ($1.createdAt, $1.id.rawValue) }
    }

    /// Opens a stored digest; nil when it is in an older shape and should be made again.
    private static func openDigest(_ sealed: Data, id: String, in space: UnlockedSpace) throws(StoreError) -> SessionDigest? {
        do {
            let digest = try space.open(SessionDigest.self, from: sealed, kind: digestKind, id: id)
            return digest.shape == SessionDigest.currentShape ? digest : nil
        } catch .recordUnreadable {
            return nil
        } catch {
            throw .sealed(error)
        }
    }

    /// Makes the digests of sessions saved before digests existed (or in an older shape) from their
    /// stored records, as a save would have, and keeps them in one transaction. A session saved
    /// again meanwhile keeps the digest its own save wrote.
    private func makeDigests(of ids: [String], in space: UnlockedSpace) async throws(StoreError) -> [SessionDigest] {
        let owner = space.owner.rawValue
        let records = try await database.withSession { database in
            var records: [(id: String, version: Int, sealed: Data)] = []
            for id in ids {
                if let row = try await database.raw(
                    "SELECT version, sealed FROM practice_sessions WHERE id = \(bind: id) AND owner_id = \(bind: owner)"
                ).first() {
                    records.append((id, try row.decode(column: "version", as: Int.self), try row.decode(column: "sealed", as: Data.self)))
                }
            }
            return records
        }
        var digests: [SessionDigest] = []
        var kept: [(id: String, version: Int, sealed: Data)] = []
        for record in records {
            guard let session = try Self.openReadable(record.sealed, id: record.id, signals: [], in: space) else { continue }
            let digest = SessionDigest(session)
            digests.append(digest)
            kept.append((record.id, record.version, try Self.seal(digest, kind: Self.digestKind, id: record.id, in: space)))
        }
        try await database.transaction { [kept] database in
            for digest in kept {
                try await database.raw(
                    """
                    UPDATE practice_sessions SET digest = \(bind: digest.sealed)
                    WHERE id = \(bind: digest.id) AND owner_id = \(bind: owner) AND version = \(bind: digest.version)
                    """
                ).run()
            }
        }
        return digests
    }

    /// A session's own record (signals apart) and its digest, each sealed.
    typealias SealedState = (session: Data, digest: Data)

    private static func sealState(of session: PracticeSession, in space: UnlockedSpace) throws(StoreError) -> SealedState {
        let id = session.id.rawValue
        return (
            try seal(session.withoutSignals, kind: sessionKind, id: id, in: space),
            try seal(SessionDigest(session), kind: digestKind, id: id, in: space)
        )
    }

    /// Saves a session's own record and digest unless a newer one is stored; whether it was saved.
    private static func writeState(_ sealed: SealedState, of session: PracticeSession, owner: OwnerID, to database: any SQLDatabase) async throws -> Bool {
        try await database.raw(
            """
            INSERT INTO practice_sessions (id, owner_id, created_on, version, sealed, digest)
            VALUES (\(bind: session.id.rawValue), \(bind: owner.rawValue), \(bind: session.createdAt.dayNumber),
                    \(bind: session.version), \(bind: sealed.session), \(bind: sealed.digest))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, sealed = excluded.sealed, digest = excluded.digest
            WHERE practice_sessions.owner_id = excluded.owner_id AND practice_sessions.version < excluded.version
            RETURNING version
            """
        ).first() != nil
    }

    /// One entry of a session's signal log, sealed, with where it goes.
    typealias SealedSignal = (session: SessionID, owner: OwnerID, position: Int, sealed: Data)

    /// Appends sealed signals to their sessions' logs; positions already stored are left alone.
    private static func appendSignals(_ signals: [SealedSignal], to database: any SQLDatabase) async throws {
        // Many rows a statement, well under SQLite's limit on bound values.
        for chunk in stride(from: 0, to: signals.count, by: 200).map({ signals[$0..<min($0 + 200, signals.count)] }) {
            var insert = database.insert(into: "session_signals").columns("session_id", "position", "owner_id", "sealed")
            for signal in chunk {
                insert = insert.values(signal.session.rawValue, signal.position, signal.owner.rawValue, signal.sealed)
            }
            try await insert.ignoringConflicts(with: ["session_id", "position"]).run()
        }
    }

    private static func signalRow(_ row: any SQLRow) throws -> (session: String, position: Int, sealed: Data) {
        (try row.decode(column: "session_id", as: String.self), try row.decode(column: "position", as: Int.self),
         try row.decode(column: "sealed", as: Data.self))
    }

    private static func sealSignals(_ logged: [LoggedSignal], of session: SessionID, in space: UnlockedSpace) throws(StoreError) -> [SealedSignal] {
        var sealed: [SealedSignal] = []
        sealed.reserveCapacity(logged.count)
        for entry in logged {
            let id = "\(session.rawValue)/\(entry.index)"
            do {
                sealed.append((session, space.owner, entry.index, try space.seal(json: entry.jsonText, kind: signalKind, id: id)))
            } catch {
                throw .sealed(error)
            }
        }
        return sealed
    }

    /// A stored session, or nil when its record cannot be read (damaged, or from a Tend whose
    /// values the current rules refuse).
    private static func openReadable(
        _ sealed: Data, id: String, signals: [(session: String, position: Int, sealed: Data)], in space: UnlockedSpace
    ) throws(StoreError) -> PracticeSession? {
        do {
            return try open(sealed, id: id, signals: signals, in: space)
        } catch where error.isUnreadableRecord {
            return nil
        }
    }

    private static func open(
        _ sealed: Data, id: String, signals: [(session: String, position: Int, sealed: Data)], in space: UnlockedSpace
    ) throws(StoreError) -> PracticeSession {
        do {
            let session = try space.open(PracticeSession.self, from: sealed, kind: sessionKind, id: id)
            var logged: [LoggedSignal] = []
            for signal in signals {
                logged.append(try space.open(LoggedSignal.self, from: signal.sealed, kind: signalKind, id: "\(id)/\(signal.position)"))
            }
            return session.rejoining(logged)
        } catch {
            throw .sealed(error)
        }
    }
}
