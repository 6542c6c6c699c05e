import Foundation
import SQLKit
import TendCore

/// Partners' joins: a token's digest, the session it opens and whose it is. The token itself
/// stays in the giver's cookie.
extension SQLStore {
    public func keepGiverToken(digest: String, session: SessionID, owner: OwnerID, at now: Date) async throws(StoreError) {
        try await database.transaction { database in
            try await database.raw("DELETE FROM giver_tokens WHERE session_id = \(bind: session.rawValue)").run()
            try await database.raw(
                """
                INSERT INTO giver_tokens (digest, session_id, owner_id, created_on)
                VALUES (\(bind: digest), \(bind: session.rawValue), \(bind: owner.rawValue), \(bind: now.dayNumber))
                """
            ).run()
        }
    }

    public func giverSession(digest: String) async throws(StoreError) -> SessionID? {
        try await database.withSession { database in
            try await database.raw("SELECT session_id FROM giver_tokens WHERE digest = \(bind: digest)").first()
                .map { SessionID(rawValue: try $0.decode(column: "session_id", as: String.self)) }
        }
    }

    public func forgetGiverTokens(session: SessionID) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw("DELETE FROM giver_tokens WHERE session_id = \(bind: session.rawValue)").run()
        }
    }

    public func forgetGiverTokens(owner: OwnerID) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw("DELETE FROM giver_tokens WHERE owner_id = \(bind: owner.rawValue)").run()
        }
    }
}
