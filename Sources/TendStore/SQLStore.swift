import Foundation
import SQLKit
import TendCore
import TendVault

/// The one store implementation: SQLKit statements that run on SQLite and PostgreSQL alike.
public struct SQLStore: SpaceStore, PracticeSessionStore, RecordStore {
    /// Record kind bound into each sealed session, so a blob cannot pose as another kind.
    static let sessionKind = "practice-session"
    /// Record kind bound into each sealed entry of a session's signal log.
    static let signalKind = "session-signal"

    /// The database behind the store.
    public let database: TendDatabase

    /// Creates a store over an open, migrated database.
    public init(database: TendDatabase) {
        self.database = database
    }

    // MARK: - Spaces

    public func createSpace(owner: OwnerID, keyRing: KeyRing, at now: Date) async throws(StoreError) {
        let encodedKeyRing = try Self.encode(keyRing)
        let created = try await database.withSession { database in
            let existing = try await database.raw("SELECT id FROM owners WHERE id = \(bind: owner.rawValue)").first()
            guard existing == nil else { return false }
            try await database.raw(
                """
                INSERT INTO owners (id, created_on, key_ring)
                VALUES (\(bind: owner.rawValue), \(bind: now.dayNumber), \(bind: encodedKeyRing))
                """
            ).run()
            return true
        }
        guard created else { throw .ownerAlreadyExists }
    }

    public func keyRing(owner: OwnerID) async throws(StoreError) -> KeyRing? {
        let data = try await database.withSession { database in
            try await database.raw("SELECT key_ring FROM owners WHERE id = \(bind: owner.rawValue)")
                .first()?.decode(column: "key_ring", as: Data.self)
        }
        guard let data else { return nil }
        guard let keyRing = try? JSONDecoder().decode(KeyRing.self, from: data) else {
            throw .sealed(.keyMaterialDamaged)
        }
        return keyRing
    }

    public func replaceKeyRing(_ keyRing: KeyRing, owner: OwnerID) async throws(StoreError) {
        let encodedKeyRing = try Self.encode(keyRing)
        let updated = try await database.withSession { database in
            try await database.raw(
                """
                UPDATE owners SET key_ring = \(bind: encodedKeyRing) WHERE id = \(bind: owner.rawValue) RETURNING id
                """
            ).first() != nil
        }
        guard updated else { throw .ownerNotFound }
    }

    /// Deletes a space and everything in it (sessions, signals, records, calendar feed and the wrapped keys),
    /// then compacts the database so no trace of it stays in the file.
    public func eraseSpace(owner: OwnerID) async throws(StoreError) {
        try await database.transaction { database in
            // Children first, so the erase does not lean on cascades alone.
            for table in ["calendar_feeds", "session_signals", "sealed_records", "practice_sessions"] {
                try await database.raw("DELETE FROM \(ident: table) WHERE owner_id = \(bind: owner.rawValue)").run()
            }
            try await database.raw("DELETE FROM owners WHERE id = \(bind: owner.rawValue)").run()
        }
        try await database.compact()
    }

    public func owners() async throws(StoreError) -> [OwnerID] {
        try await database.withSession { database in
            try await database.raw("SELECT id FROM owners ORDER BY created_on, id").all()
                .map { OwnerID(rawValue: try $0.decode(column: "id", as: String.self)) }
        }
    }

    // MARK: - Practice sessions

    public func save(_ session: PracticeSession, in space: UnlockedSpace) async throws(StoreError) {
        let sealed = try Self.seal(session.withoutSignals, kind: Self.sessionKind, id: session.id.rawValue, in: space)
        // Only signals not yet in the log are sealed (outside the transaction, which holds the one
        // SQLite connection). Should another save append meanwhile, its rows are simply kept.
        let stored = try await database.withSession { database in
            try await database.raw("SELECT COUNT(*) AS stored FROM session_signals WHERE session_id = \(bind: session.id.rawValue)")
                .first()?.decode(column: "stored", as: Int.self) ?? 0
        }
        let signals = try Self.sealSignals(session.loggedSignals(from: stored), of: session.id, in: space)
        let saved = try await database.transaction { database in
            guard try await Self.writeState(sealed, of: session, owner: space.owner, to: database) else { return false }
            try await Self.appendSignals(signals, of: session.id, owner: space.owner, to: database)
            return true
        }
        guard saved else { throw .staleWrite(recordID: session.id.rawValue) }
    }

    public func save(_ changes: [SessionChanges]) async throws(StoreError) {
        var writes: [(session: PracticeSession, owner: OwnerID, state: Data?, signals: [(position: Int, sealed: Data)])] = []
        writes.reserveCapacity(changes.count)
        for change in changes {
            let session = change.session
            let state = change.stateChanged
                ? try Self.seal(session.withoutSignals, kind: Self.sessionKind, id: session.id.rawValue, in: change.space) : nil
            let signals = try Self.sealSignals(session.loggedSignals(from: change.storedSignals), of: session.id, in: change.space)
            writes.append((session, change.space.owner, state, signals))
        }
        try await database.transaction { [writes] database in
            for write in writes {
                if let state = write.state {
                    _ = try await Self.writeState(state, of: write.session, owner: write.owner, to: database)
                }
                try await Self.appendSignals(write.signals, of: write.session.id, owner: write.owner, to: database)
            }
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
            sessions.append(try Self.open(sealed, id: id, signals: signalsBySession[id] ?? [], in: space))
        }
        return sessions.sorted { ($0.createdAt, $0.id.rawValue) > ($1.createdAt, $1.id.rawValue) }
    }

    /// Saves a session's own record unless a newer one is stored; whether it was saved.
    private static func writeState(_ sealed: Data, of session: PracticeSession, owner: OwnerID, to database: any SQLDatabase) async throws -> Bool {
        try await database.raw(
            """
            INSERT INTO practice_sessions (id, owner_id, created_on, version, sealed)
            VALUES (\(bind: session.id.rawValue), \(bind: owner.rawValue), \(bind: session.createdAt.dayNumber),
                    \(bind: session.version), \(bind: sealed))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, sealed = excluded.sealed
            WHERE practice_sessions.owner_id = excluded.owner_id AND practice_sessions.version < excluded.version
            RETURNING version
            """
        ).first() != nil
    }

    /// Appends sealed signals to a session's log; positions already stored are left alone.
    private static func appendSignals(
        _ signals: [(position: Int, sealed: Data)], of session: SessionID, owner: OwnerID, to database: any SQLDatabase
    ) async throws {
        // Several rows a statement, well under SQLite's limit on bound values.
        for chunk in stride(from: 0, to: signals.count, by: 200).map({ signals[$0..<min($0 + 200, signals.count)] }) {
            var insert = database.insert(into: "session_signals").columns("session_id", "position", "owner_id", "sealed")
            for signal in chunk {
                insert = insert.values(session.rawValue, signal.position, owner.rawValue, signal.sealed)
            }
            try await insert.ignoringConflicts(with: ["session_id", "position"]).run()
        }
    }

    private static func signalRow(_ row: any SQLRow) throws -> (session: String, position: Int, sealed: Data) {
        (try row.decode(column: "session_id", as: String.self), try row.decode(column: "position", as: Int.self),
         try row.decode(column: "sealed", as: Data.self))
    }

    private static func sealSignals(_ logged: [LoggedSignal], of session: SessionID, in space: UnlockedSpace) throws(StoreError) -> [(position: Int, sealed: Data)] {
        var sealed: [(position: Int, sealed: Data)] = []
        sealed.reserveCapacity(logged.count)
        for entry in logged {
            sealed.append((entry.index, try seal(entry, kind: signalKind, id: "\(session.rawValue)/\(entry.index)", in: space)))
        }
        return sealed
    }

    // MARK: - Other sealed records

    public func save<Value>(
        _ value: Value, id: String, kind: RecordKind<Value>, createdAt: Date, in space: UnlockedSpace
    ) async throws(StoreError) {
        let sealed = try Self.seal(value, kind: kind.name, id: id, in: space)
        let saved = try await database.withSession { database in
            try await database.raw(
                """
                INSERT INTO sealed_records (id, owner_id, kind, created_on, sealed)
                VALUES (\(bind: id), \(bind: space.owner.rawValue), \(bind: kind.name), \(bind: createdAt.dayNumber), \(bind: sealed))
                ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed
                WHERE sealed_records.owner_id = excluded.owner_id AND sealed_records.kind = excluded.kind
                RETURNING id
                """
            ).first() != nil
        }
        guard saved else { throw .staleWrite(recordID: id) }
    }

    public func records<Value>(_ kind: RecordKind<Value>, in space: UnlockedSpace) async throws(StoreError) -> [StoredRecord<Value>] {
        let rows = try await database.withSession { database in
            try await database.raw(
                """
                SELECT id, sealed FROM sealed_records
                WHERE owner_id = \(bind: space.owner.rawValue) AND kind = \(bind: kind.name)
                ORDER BY created_on DESC, id DESC
                """
            ).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "sealed", as: Data.self)) }
        }
        var records: [StoredRecord<Value>] = []
        for (id, sealed) in rows {
            do {
                records.append(StoredRecord(id: id, value: try space.open(Value.self, from: sealed, kind: kind.name, id: id)))
            } catch {
                throw .sealed(error)
            }
        }
        return records
    }

    public func record<Value>(_ kind: RecordKind<Value>, id: String, in space: UnlockedSpace) async throws(StoreError) -> Value? {
        let sealed = try await database.withSession { database in
            try await database.raw(
                """
                SELECT sealed FROM sealed_records
                WHERE id = \(bind: id) AND owner_id = \(bind: space.owner.rawValue) AND kind = \(bind: kind.name)
                """
            ).first()?.decode(column: "sealed", as: Data.self)
        }
        guard let sealed else { return nil }
        do {
            return try space.open(Value.self, from: sealed, kind: kind.name, id: id)
        } catch {
            throw .sealed(error)
        }
    }

    // MARK: - Sealing

    private static func seal<Value: Encodable>(_ value: Value, kind: String, id: String, in space: UnlockedSpace) throws(StoreError) -> Data {
        do {
            return try space.seal(value, kind: kind, id: id)
        } catch {
            throw .sealed(error)
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

    private static func encode(_ keyRing: KeyRing) throws(StoreError) -> Data {
        guard let data = try? JSONEncoder().encode(keyRing) else { throw .sealed(.keyMaterialDamaged) }
        return data
    }
}
