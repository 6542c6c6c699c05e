import Foundation
import Logging
import SQLKit
import TendCore

/// Hosted accounts and invitations. Names are stored as typed after normalising (the app does
/// that); invitation codes only as digests.
extension SQLStore {
    public func createAccount(name: String, owner: OwnerID, at now: Date) async throws(StoreError) {
        let created = try await database.withSession { database in
            try await database.raw(
                """
                INSERT INTO accounts (name, owner_id, created_on)
                VALUES (\(bind: name), \(bind: owner.rawValue), \(bind: now.dayNumber))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """
            ).first() != nil
        }
        guard created else { throw .nameTaken }
    }

    public func owner(named name: String) async throws(StoreError) -> OwnerID? {
        try await database.withSession { database in
            try await database.raw("SELECT owner_id FROM accounts WHERE name = \(bind: name)").first()
                .map { OwnerID(rawValue: try $0.decode(column: "owner_id", as: String.self)) }
        }
    }

    public func accountCount() async throws(StoreError) -> Int {
        try await database.withSession { database in
            try await database.raw("SELECT COUNT(*) AS count FROM accounts").first()?.decode(column: "count", as: Int.self) ?? 0
        }
    }

    public func addInvitation(digest: String, at now: Date) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                "INSERT INTO invitations (digest, created_on) VALUES (\(bind: digest), \(bind: now.dayNumber))"
            ).run()
        }
    }

    public func useInvitation(digest: String) async throws(StoreError) -> Bool {
        try await database.withSession { database in
            try await database.raw("DELETE FROM invitations WHERE digest = \(bind: digest) RETURNING digest").first() != nil
        }
    }

    public func invitationCount() async throws(StoreError) -> Int {
        try await database.withSession { database in
            try await database.raw("SELECT COUNT(*) AS count FROM invitations").first()?.decode(column: "count", as: Int.self) ?? 0
        }
    }
}

/// Unlocks any instance can use (see `UnlockTicket`): a digest, an owner, a sealed key and a time.
extension SQLStore {
    public func keepUnlock(lookup: String, owner: OwnerID, sealedKey: Data, at now: Date) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                """
                INSERT INTO unlocked_keys (lookup, owner_id, sealed_key, last_seen)
                VALUES (\(bind: lookup), \(bind: owner.rawValue), \(bind: sealedKey), \(bind: now.timeIntervalSince1970))
                """
            ).run()
        }
    }

    public func unlock(lookup: String) async throws(StoreError) -> (owner: OwnerID, sealedKey: Data, lastSeen: Date)? {
        try await database.withSession { database in
            guard let row = try await database.raw(
                "SELECT owner_id, sealed_key, last_seen FROM unlocked_keys WHERE lookup = \(bind: lookup)"
            ).first() else { return nil }
            return (
                OwnerID(rawValue: try row.decode(column: "owner_id", as: String.self)),
                try row.decode(column: "sealed_key", as: Data.self),
                Date(timeIntervalSince1970: try row.decode(column: "last_seen", as: Double.self))
            )
        }
    }

    public func touchUnlock(lookup: String, at now: Date) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                "UPDATE unlocked_keys SET last_seen = \(bind: now.timeIntervalSince1970) WHERE lookup = \(bind: lookup)"
            ).run()
        }
    }

    public func forgetUnlocks(owner: OwnerID) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw("DELETE FROM unlocked_keys WHERE owner_id = \(bind: owner.rawValue)").run()
        }
    }

    public func forgetUnlocks(idleSince before: Date) async throws(StoreError) -> [OwnerID] {
        try await database.transaction { database in
            let idle = try await database.raw(
                "DELETE FROM unlocked_keys WHERE last_seen < \(bind: before.timeIntervalSince1970) RETURNING owner_id"
            ).all().map { try $0.decode(column: "owner_id", as: String.self) }
            var locked: [OwnerID] = []
            for owner in Set(idle).sorted() {
                let remaining = try await database.raw("SELECT 1 AS found FROM unlocked_keys WHERE owner_id = \(bind: owner)").first()
                if remaining == nil { locked.append(OwnerID(rawValue: owner)) }
            }
            return locked
        }
    }

    /// The channel instances announce locked owners on. The payload is an owner's random
    /// identifier: nothing about the person.
    static let lockedChannel = "tend_locked"

    public func announceLocked(_ owner: OwnerID) async {
        try? await database.announce(owner.rawValue, on: Self.lockedChannel)
    }

    public func lockedOwners() -> AsyncStream<OwnerID> {
        let payloads = database.announcements(on: Self.lockedChannel, logger: Logger(label: "tend.store"))
        return AsyncStream { continuation in
            let task = Task {
                for await payload in payloads { continuation.yield(OwnerID(rawValue: payload)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
