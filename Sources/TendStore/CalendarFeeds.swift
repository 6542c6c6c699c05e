import Foundation
import SQLKit
import TendCore
import TendVault

/// A space's calendar feed: at most one, found by the hash of its secret link and sealed under a
/// key only that link gives (see `FeedCapability`).
extension SQLStore {
    /// Publishes the feed for `owner`, replacing any earlier one (whose link then stops working).
    public func publishCalendarFeed(_ sealed: Data, lookup: String, owner: OwnerID) async throws(StoreError) {
        try await database.transaction { database in
            try await database.raw("DELETE FROM calendar_feeds WHERE owner_id = \(bind: owner.rawValue)").run()
            try await database.raw(
                "INSERT INTO calendar_feeds (lookup, owner_id, sealed) VALUES (\(bind: lookup), \(bind: owner.rawValue), \(bind: sealed))"
            ).run()
        }
    }

    /// The sealed feed a link's lookup names, and whose it is.
    public func calendarFeed(lookup: String) async throws(StoreError) -> (owner: OwnerID, sealed: Data)? {
        try await database.withSession { database in
            guard let row = try await database.raw("SELECT owner_id, sealed FROM calendar_feeds WHERE lookup = \(bind: lookup)").first() else {
                return nil
            }
            return (OwnerID(rawValue: try row.decode(column: "owner_id", as: String.self)), try row.decode(column: "sealed", as: Data.self))
        }
    }

    /// Stops the feed: its link opens nothing any more.
    public func withdrawCalendarFeed(owner: OwnerID) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw("DELETE FROM calendar_feeds WHERE owner_id = \(bind: owner.rawValue)").run()
        }
    }
}
