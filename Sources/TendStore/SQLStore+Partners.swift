import Foundation
import SQLKit
import TendCore

/// Partner sessions, kept where every instance finds them: pairing codes, partners' joins and
/// one-time connection tickets. Rows hold digests, identifiers, times and blobs the caller sealed;
/// the codes and tokens themselves stay on the two screens.
extension SQLStore {
    public func keepPairingCode(_ code: StoredPairingCode) async throws(StoreError) {
        try await database.transaction { database in
            try await database.raw("DELETE FROM pairing_codes WHERE session_id = \(bind: code.session.rawValue)").run()
            try await database.raw(
                """
                INSERT INTO pairing_codes (session_id, owner_id, digest, sealed_code, sealed_view, expires_at)
                VALUES (\(bind: code.session.rawValue), \(bind: code.owner.rawValue), \(bind: code.digest), \(bind: code.sealedCode),
                    \(bind: code.sealedView), \(bind: code.expiresAt.timeIntervalSince1970))
                """
            ).run()
        }
    }

    public func pairingCode(session: SessionID, at now: Date) async throws(StoreError) -> StoredPairingCode? {
        try await database.withSession { database in
            try await database.raw(
                """
                SELECT session_id, owner_id, digest, sealed_code, sealed_view, expires_at FROM pairing_codes
                WHERE session_id = \(bind: session.rawValue) AND expires_at > \(bind: now.timeIntervalSince1970)
                """
            ).first().map(Self.pairingCode(from:))
        }
    }

    public func takePairingCode(digest: String, at now: Date) async throws(StoreError) -> StoredPairingCode? {
        try await database.withSession { database in
            // Expired codes go too, whoever they were for.
            try await database.raw("DELETE FROM pairing_codes WHERE expires_at <= \(bind: now.timeIntervalSince1970)").run()
            return try await database.raw(
                """
                DELETE FROM pairing_codes WHERE digest = \(bind: digest)
                RETURNING session_id, owner_id, digest, sealed_code, sealed_view, expires_at
                """
            ).first().map(Self.pairingCode(from:)).flatMap { $0.expiresAt > now ? $0 : nil }
        }
    }

    private static func pairingCode(from row: any SQLRow) throws -> StoredPairingCode {
        StoredPairingCode(
            session: SessionID(rawValue: try row.decode(column: "session_id", as: String.self)),
            owner: OwnerID(rawValue: try row.decode(column: "owner_id", as: String.self)),
            digest: try row.decode(column: "digest", as: String.self),
            sealedCode: try row.decode(column: "sealed_code", as: Data.self),
            sealedView: try row.decode(column: "sealed_view", as: Data.self),
            expiresAt: Date(timeIntervalSince1970: try row.decode(column: "expires_at", as: Double.self)))
    }

    public func keepGiver(digest: String, session: SessionID, owner: OwnerID, sealedView: Data, at now: Date) async throws(StoreError) {
        try await database.transaction { database in
            try await database.raw("DELETE FROM giver_tokens WHERE session_id = \(bind: session.rawValue)").run()
            try await database.raw(
                """
                INSERT INTO giver_tokens (digest, session_id, owner_id, created_on, sealed_view, confirmed)
                VALUES (\(bind: digest), \(bind: session.rawValue), \(bind: owner.rawValue), \(bind: now.dayNumber), \(bind: sealedView), 0)
                """
            ).run()
        }
    }

    public func giver(digest: String) async throws(StoreError) -> StoredGiver? {
        try await database.withSession { database in
            try await database.raw(
                "SELECT session_id, owner_id, sealed_view, confirmed FROM giver_tokens WHERE digest = \(bind: digest)"
            ).first().map(Self.giver(from:))
        }
    }

    public func giver(session: SessionID) async throws(StoreError) -> StoredGiver? {
        try await database.withSession { database in
            try await database.raw(
                "SELECT session_id, owner_id, sealed_view, confirmed FROM giver_tokens WHERE session_id = \(bind: session.rawValue)"
            ).first().map(Self.giver(from:))
        }
    }

    private static func giver(from row: any SQLRow) throws -> StoredGiver {
        StoredGiver(
            session: SessionID(rawValue: try row.decode(column: "session_id", as: String.self)),
            owner: OwnerID(rawValue: try row.decode(column: "owner_id", as: String.self)),
            sealedView: try row.decode(column: "sealed_view", as: Data.self),
            confirmed: try row.decode(column: "confirmed", as: Int.self) != 0)
    }

    public func confirmGiver(digest: String) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw("UPDATE giver_tokens SET confirmed = 1 WHERE digest = \(bind: digest)").run()
        }
    }

    public func forgetGiver(session: SessionID) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw("DELETE FROM giver_tokens WHERE session_id = \(bind: session.rawValue)").run()
        }
    }

    public func forgetPartners(owner: OwnerID) async throws(StoreError) {
        try await database.transaction { database in
            for table in ["giver_tokens", "pairing_codes", "live_tickets"] {
                try await database.raw("DELETE FROM \(ident: table) WHERE owner_id = \(bind: owner.rawValue)").run()
            }
        }
    }

    public func keepLiveTicket(digest: String, session: SessionID, participant: Participant, owner: OwnerID, expiresAt: Date) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                """
                INSERT INTO live_tickets (digest, session_id, participant, owner_id, expires_at)
                VALUES (\(bind: digest), \(bind: session.rawValue), \(bind: participant.rawValue), \(bind: owner.rawValue),
                    \(bind: expiresAt.timeIntervalSince1970))
                """
            ).run()
        }
    }

    public func takeLiveTicket(digest: String, at now: Date) async throws(StoreError) -> (session: SessionID, participant: Participant)? {
        try await database.withSession { database in
            try await database.raw("DELETE FROM live_tickets WHERE expires_at <= \(bind: now.timeIntervalSince1970)").run()
            guard let row = try await database.raw(
                "DELETE FROM live_tickets WHERE digest = \(bind: digest) RETURNING session_id, participant, expires_at"
            ).first(),
                try row.decode(column: "expires_at", as: Double.self) > now.timeIntervalSince1970,
                let participant = Participant(rawValue: try row.decode(column: "participant", as: String.self))
            else { return nil }
            return (SessionID(rawValue: try row.decode(column: "session_id", as: String.self)), participant)
        }
    }
}
