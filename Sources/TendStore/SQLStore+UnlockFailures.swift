import Foundation
import SQLKit

/// Wrong unlock attempts, counted per client so the back-off outlives a restart. A client is named
/// by a one-way digest of its address and the kind of key tried; nothing here opens anything.
extension SQLStore {
    /// How many wrong attempts a client has made in a row, and when the last one was.
    public func unlockFailures(client: String) async throws(StoreError) -> (count: Int, last: Date)? {
        try await database.withSession { database in
            guard let row = try await database.raw(
                "SELECT failures, last_failure FROM unlock_failures WHERE client = \(bind: client)"
            ).first() else { return nil }
            return (try row.decode(column: "failures", as: Int.self),
                    Date(timeIntervalSince1970: try row.decode(column: "last_failure", as: Double.self)))
        }
    }

    /// Counts one more wrong attempt by a client.
    public func recordUnlockFailure(client: String, at now: Date) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                """
                INSERT INTO unlock_failures (client, failures, last_failure)
                VALUES (\(bind: client), 1, \(bind: now.timeIntervalSince1970))
                ON CONFLICT (client) DO UPDATE SET failures = unlock_failures.failures + 1, last_failure = excluded.last_failure
                """
            ).run()
        }
    }

    /// Forgets a client's wrong attempts (it got in), and any older than `before` from anyone.
    public func clearUnlockFailures(client: String, olderThan before: Date) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                """
                DELETE FROM unlock_failures WHERE client = \(bind: client) OR last_failure < \(bind: before.timeIntervalSince1970)
                """
            ).run()
        }
    }
}
