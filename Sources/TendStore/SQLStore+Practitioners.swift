import Foundation
import SQLKit
import TendCore

/// Practitioners, the links people make with them, and what people share. What a practitioner
/// reads is sealed to their public key before it reaches the store; rows hold identifiers, a
/// display name the practitioner chose to show, public keys and ciphertext.
extension SQLStore {
    public func createPractitioner(owner: OwnerID, displayName: String, publicKey: Data, at now: Date) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                """
                INSERT INTO practitioners (owner_id, display_name, public_key, created_on)
                VALUES (\(bind: owner.rawValue), \(bind: displayName), \(bind: publicKey), \(bind: now.dayNumber))
                """
            ).run()
        }
    }

    public func practitioner(_ owner: OwnerID) async throws(StoreError) -> StoredPractitioner? {
        try await database.withSession { database in
            try await database.raw(
                "SELECT owner_id, display_name, public_key FROM practitioners WHERE owner_id = \(bind: owner.rawValue)"
            ).first().map(Self.practitioner(from:))
        }
    }

    private static func practitioner(from row: any SQLRow) throws -> StoredPractitioner {
        StoredPractitioner(
            owner: OwnerID(rawValue: try row.decode(column: "owner_id", as: String.self)),
            displayName: try row.decode(column: "display_name", as: String.self),
            publicKey: try row.decode(column: "public_key", as: Data.self))
    }

    public func keepLinkCode(digest: String, practitioner: OwnerID, expiresAt: Date, at now: Date) async throws(StoreError) {
        try await database.transaction { database in
            // Making codes is the only thing that adds them, so it is where spent ones are cleared.
            try await database.raw("DELETE FROM link_codes WHERE expires_at <= \(bind: now.timeIntervalSince1970)").run()
            try await database.raw(
                """
                INSERT INTO link_codes (digest, practitioner_id, expires_at)
                VALUES (\(bind: digest), \(bind: practitioner.rawValue), \(bind: expiresAt.timeIntervalSince1970))
                """
            ).run()
        }
    }

    public func practitioner(linkCode digest: String, at now: Date) async throws(StoreError) -> StoredPractitioner? {
        try await database.withSession { database in
            try await database.raw(
                """
                SELECT p.owner_id, p.display_name, p.public_key FROM link_codes c JOIN practitioners p ON p.owner_id = c.practitioner_id
                WHERE c.digest = \(bind: digest) AND c.expires_at > \(bind: now.timeIntervalSince1970)
                """
            ).first().map(Self.practitioner(from:))
        }
    }

    public func createLink(_ link: StoredLink, usingCode digest: String, at now: Date) async throws(StoreError) {
        try await database.transaction { database in
            guard try await database.raw(
                """
                DELETE FROM link_codes WHERE digest = \(bind: digest) AND practitioner_id = \(bind: link.practitioner.rawValue)
                    AND expires_at > \(bind: now.timeIntervalSince1970)
                RETURNING digest
                """
            ).first() != nil else { throw StoreError.linkCodeNotValid }
            try await database.raw(
                "DELETE FROM practitioner_links WHERE person_id = \(bind: link.person.rawValue) AND practitioner_id = \(bind: link.practitioner.rawValue)"
            ).run()
            try await database.raw(
                """
                INSERT INTO practitioner_links (id, person_id, practitioner_id, sealed_pseudonym, person_key, created_on)
                VALUES (\(bind: link.id), \(bind: link.person.rawValue), \(bind: link.practitioner.rawValue), \(bind: link.sealedPseudonym),
                    \(bind: link.personKey), \(bind: now.dayNumber))
                """
            ).run()
        }
    }

    public func links(of owner: OwnerID) async throws(StoreError) -> [StoredLink] {
        try await database.withSession { database in
            try await database.raw(
                """
                SELECT id, person_id, practitioner_id, sealed_pseudonym, person_key FROM practitioner_links
                WHERE person_id = \(bind: owner.rawValue) OR practitioner_id = \(bind: owner.rawValue) ORDER BY id
                """
            ).all().map { row in
                StoredLink(
                    id: try row.decode(column: "id", as: String.self),
                    person: OwnerID(rawValue: try row.decode(column: "person_id", as: String.self)),
                    practitioner: OwnerID(rawValue: try row.decode(column: "practitioner_id", as: String.self)),
                    sealedPseudonym: try row.decode(column: "sealed_pseudonym", as: Data.self),
                    personKey: try row.decode(column: "person_key", as: Data.self))
            }
        }
    }

    public func endLink(_ id: String, by owner: OwnerID) async throws(StoreError) {
        try await database.transaction { database in
            try await database.raw(
                """
                DELETE FROM offers WHERE link_id IN (SELECT id FROM practitioner_links WHERE id = \(bind: id)
                    AND (person_id = \(bind: owner.rawValue) OR practitioner_id = \(bind: owner.rawValue)))
                """
            ).run()
            try await database.raw(
                """
                DELETE FROM shares WHERE link_id IN (SELECT id FROM practitioner_links WHERE id = \(bind: id)
                    AND (person_id = \(bind: owner.rawValue) OR practitioner_id = \(bind: owner.rawValue)))
                """
            ).run()
            try await database.raw(
                """
                DELETE FROM practitioner_links WHERE id = \(bind: id)
                    AND (person_id = \(bind: owner.rawValue) OR practitioner_id = \(bind: owner.rawValue))
                """
            ).run()
        }
    }

    public func addShare(id: String, link: String, person: OwnerID, sealed: Data) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                """
                INSERT INTO shares (id, link_id, sealed)
                SELECT \(bind: id), id, \(bind: sealed) FROM practitioner_links WHERE id = \(bind: link) AND person_id = \(bind: person.rawValue)
                """
            ).run()
        }
    }

    public func shares(link: String, reader: OwnerID) async throws(StoreError) -> [(id: String, sealed: Data)] {
        try await database.withSession { database in
            try await database.raw(
                """
                SELECT s.id, s.sealed FROM shares s JOIN practitioner_links l ON l.id = s.link_id
                WHERE s.link_id = \(bind: link) AND l.practitioner_id = \(bind: reader.rawValue)
                """
            ).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "sealed", as: Data.self)) }
        }
    }

    public func removeShare(_ id: String, person: OwnerID) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                """
                DELETE FROM shares WHERE id = \(bind: id)
                    AND link_id IN (SELECT id FROM practitioner_links WHERE person_id = \(bind: person.rawValue))
                """
            ).run()
        }
    }

    public func addOffer(id: String, link: String, practitioner: OwnerID, sealed: Data) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                """
                INSERT INTO offers (id, link_id, sealed)
                SELECT \(bind: id), id, \(bind: sealed) FROM practitioner_links WHERE id = \(bind: link) AND practitioner_id = \(bind: practitioner.rawValue)
                """
            ).run()
        }
    }

    public func offers(for person: OwnerID) async throws(StoreError) -> [(id: String, link: String, sealed: Data)] {
        try await database.withSession { database in
            try await database.raw(
                """
                SELECT o.id, o.link_id, o.sealed FROM offers o JOIN practitioner_links l ON l.id = o.link_id
                WHERE l.person_id = \(bind: person.rawValue) ORDER BY o.id
                """
            ).all().map {
                (try $0.decode(column: "id", as: String.self), try $0.decode(column: "link_id", as: String.self), try $0.decode(column: "sealed", as: Data.self))
            }
        }
    }

    public func removeOffer(_ id: String, person: OwnerID) async throws(StoreError) {
        try await database.withSession { database in
            try await database.raw(
                """
                DELETE FROM offers WHERE id = \(bind: id)
                    AND link_id IN (SELECT id FROM practitioner_links WHERE person_id = \(bind: person.rawValue))
                """
            ).run()
        }
    }

    public func waitingOffers(link: String, practitioner: OwnerID) async throws(StoreError) -> Int {
        try await database.withSession { database in
            try await database.raw(
                """
                SELECT count(*) AS waiting FROM offers o JOIN practitioner_links l ON l.id = o.link_id
                WHERE o.link_id = \(bind: link) AND l.practitioner_id = \(bind: practitioner.rawValue)
                """
            ).first()?.decode(column: "waiting", as: Int.self) ?? 0
        }
    }
}
