import Foundation
import SQLKit
import TendCore
import TendVault

/// The one store implementation: SQLKit statements that run on SQLite and PostgreSQL alike.
public struct SQLStore: SpaceStore, PracticeSessionStore, RecordStore {
    /// Record kind bound into each sealed session, so a blob cannot pose as another kind.
    static let sessionKind = "practice-session"

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

    public func owners() async throws(StoreError) -> [OwnerID] {
        try await database.withSession { database in
            try await database.raw("SELECT id FROM owners ORDER BY created_on, id").all()
                .map { OwnerID(rawValue: try $0.decode(column: "id", as: String.self)) }
        }
    }

    // MARK: - Practice sessions

    public func save(_ session: PracticeSession, in space: UnlockedSpace) async throws(StoreError) {
        let sealed = try Self.seal(session, in: space)
        let saved = try await database.withSession { database in
            try await database.raw(
                """
                INSERT INTO practice_sessions (id, owner_id, created_on, version, sealed)
                VALUES (\(bind: session.id.rawValue), \(bind: space.owner.rawValue), \(bind: session.createdAt.dayNumber),
                        \(bind: session.version), \(bind: sealed))
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, sealed = excluded.sealed
                WHERE practice_sessions.owner_id = excluded.owner_id AND practice_sessions.version < excluded.version
                RETURNING version
                """
            ).first() != nil
        }
        guard saved else { throw .staleWrite(recordID: session.id.rawValue) }
    }

    public func session(_ id: SessionID, in space: UnlockedSpace) async throws(StoreError) -> PracticeSession? {
        let sealed = try await database.withSession { database in
            try await database.raw(
                """
                SELECT sealed FROM practice_sessions WHERE id = \(bind: id.rawValue) AND owner_id = \(bind: space.owner.rawValue)
                """
            ).first()?.decode(column: "sealed", as: Data.self)
        }
        guard let sealed else { return nil }
        return try Self.open(sealed, id: id.rawValue, in: space)
    }

    public func sessions(in space: UnlockedSpace) async throws(StoreError) -> [PracticeSession] {
        let rows = try await database.withSession { database in
            try await database.raw(
                "SELECT id, sealed FROM practice_sessions WHERE owner_id = \(bind: space.owner.rawValue)"
            ).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "sealed", as: Data.self)) }
        }
        var sessions: [PracticeSession] = []
        sessions.reserveCapacity(rows.count)
        for (id, sealed) in rows {
            sessions.append(try Self.open(sealed, id: id, in: space))
        }
        return sessions.sorted { ($0.createdAt, $0.id.rawValue) > ($1.createdAt, $1.id.rawValue) }
    }

    // MARK: - Other sealed records

    public func save<Value>(
        _ value: Value, id: String, kind: RecordKind<Value>, createdAt: Date, in space: UnlockedSpace
    ) async throws(StoreError) {
        let sealed: Data
        do {
            sealed = try space.seal(value, kind: kind.name, id: id)
        } catch {
            throw .sealed(error)
        }
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

    private static func seal(_ session: PracticeSession, in space: UnlockedSpace) throws(StoreError) -> Data {
        do {
            return try space.seal(session, kind: sessionKind, id: session.id.rawValue)
        } catch {
            throw .sealed(error)
        }
    }

    private static func open(_ sealed: Data, id: String, in space: UnlockedSpace) throws(StoreError) -> PracticeSession {
        do {
            return try space.open(PracticeSession.self, from: sealed, kind: sessionKind, id: id)
        } catch {
            throw .sealed(error)
        }
    }

    private static func encode(_ keyRing: KeyRing) throws(StoreError) -> Data {
        guard let data = try? JSONEncoder().encode(keyRing) else { throw .sealed(.keyMaterialDamaged) }
        return data
    }
}
