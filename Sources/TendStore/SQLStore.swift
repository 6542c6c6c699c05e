import Foundation
import SQLKit
import TendCore
import TendVault

/// The one store implementation: SQLKit statements that run on SQLite and PostgreSQL alike.
public struct SQLStore: Store {
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
            for table in ["giver_tokens", "pairing_codes", "live_tickets", "practitioners", "unlocked_keys", "accounts", "calendar_feeds", "session_signals", "sealed_records", "practice_sessions"] {
                try await database.raw("DELETE FROM \(ident: table) WHERE owner_id = \(bind: owner.rawValue)").run()
            }
            // A practitioner's codes, the links either side of, and what was shared over them, go with the space.
            try await database.raw("DELETE FROM link_codes WHERE practitioner_id = \(bind: owner.rawValue)").run()
            for table in ["shares", "offers"] {
                try await database.raw(
                    """
                    DELETE FROM \(ident: table) WHERE link_id IN (
                        SELECT id FROM practitioner_links WHERE person_id = \(bind: owner.rawValue) OR practitioner_id = \(bind: owner.rawValue))
                    """
                ).run()
            }
            try await database.raw(
                "DELETE FROM practitioner_links WHERE person_id = \(bind: owner.rawValue) OR practitioner_id = \(bind: owner.rawValue)"
            ).run()
            try await database.raw("DELETE FROM owners WHERE id = \(bind: owner.rawValue)").run()
        }
        try await database.compact()
    }

    /// Whether a space is still stored (another process may have erased it).
    public func ownerExists(_ owner: OwnerID) async throws(StoreError) -> Bool {
        try await database.withSession { database in
            try await database.raw("SELECT 1 AS found FROM owners WHERE id = \(bind: owner.rawValue)").first() != nil
        }
    }

    public func owners() async throws(StoreError) -> [OwnerID] {
        try await database.withSession { database in
            try await database.raw("SELECT id FROM owners ORDER BY created_on, id").all()
                .map { OwnerID(rawValue: try $0.decode(column: "id", as: String.self)) }
        }
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
        return try Self.open(rows, kind: kind, in: space)
    }

    public func records<Value>(
        _ kind: RecordKind<Value>, ids: [String], in space: UnlockedSpace
    ) async throws(StoreError) -> [StoredRecord<Value>] {
        guard !ids.isEmpty else { return [] }
        let rows = try await database.withSession { database in
            try await database.raw(
                """
                SELECT id, sealed FROM sealed_records
                WHERE owner_id = \(bind: space.owner.rawValue) AND kind = \(bind: kind.name) AND id IN (\(binds: ids))
                ORDER BY id
                """
            ).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "sealed", as: Data.self)) }
        }
        return try Self.open(rows, kind: kind, in: space)
    }

    /// Opens sealed rows of one kind; a record that cannot be read is left out, so the rest shows.
    private static func open<Value>(
        _ rows: [(String, Data)], kind: RecordKind<Value>, in space: UnlockedSpace
    ) throws(StoreError) -> [StoredRecord<Value>] {
        var records: [StoredRecord<Value>] = []
        for (id, sealed) in rows {
            do {
                records.append(StoredRecord(id: id, value: try space.open(Value.self, from: sealed, kind: kind.name, id: id)))
            } catch .recordUnreadable, .recordTampered {
                continue  // A record that cannot be read is left out; the rest of the list still shows.
            } catch {
                throw .sealed(error)
            }
        }
        return records
    }

    public func deleteRecord<Value>(_ kind: RecordKind<Value>, id: String, in space: UnlockedSpace) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                "DELETE FROM sealed_records WHERE id = \(bind: id) AND owner_id = \(bind: space.owner.rawValue) AND kind = \(bind: kind.name)"
            ).run()
        }
    }

    /// Gives a record a new identifier (same sealed contents, sealed again under the new one), in one
    /// transaction.
    public func renameRecord<Value: Codable>(
        _ kind: RecordKind<Value>, from oldID: String, to newID: String, value: Value, createdAt: Date, in space: UnlockedSpace
    ) async throws(StoreError) {
        let sealed = try Self.seal(value, kind: kind.name, id: newID, in: space)
        let owner = space.owner.rawValue
        try await database.transaction { database in
            try await database.raw(
                "DELETE FROM sealed_records WHERE id = \(bind: oldID) AND owner_id = \(bind: owner) AND kind = \(bind: kind.name)"
            ).run()
            try await database.raw(
                """
                INSERT INTO sealed_records (id, owner_id, kind, created_on, sealed)
                VALUES (\(bind: newID), \(bind: owner), \(bind: kind.name), \(bind: createdAt.dayNumber), \(bind: sealed))
                ON CONFLICT (id) DO NOTHING
                """
            ).run()
        }
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

    static func seal<Value: Encodable>(_ value: Value, kind: String, id: String, in space: UnlockedSpace) throws(StoreError) -> Data {
        do {
            return try space.seal(value, kind: kind, id: id)
        } catch {
            throw .sealed(error)
        }
    }

    private static func encode(_ keyRing: KeyRing) throws(StoreError) -> Data {
        guard let data = try? JSONEncoder().encode(keyRing) else { throw .sealed(.keyMaterialDamaged) }
        return data
    }
}
