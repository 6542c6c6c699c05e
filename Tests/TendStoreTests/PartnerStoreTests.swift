import Foundation
import TendCore
import TendVault
import Testing

@testable import TendStore

/// Pairing codes, partners' joins and connection tickets, on both engines: used once, gone when
/// expired, and gone with their owner.
@Suite("Partner sessions in the store")
struct PartnerStoreTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func code(_ session: String, owner: OwnerID, digest: String, expiresAt: Date = now + 600) -> StoredPairingCode {
        StoredPairingCode(
            session: SessionID(rawValue: session), owner: owner, digest: digest, sealedCode: Data([1, 2]),
            sealedView: Data([3, 4]), expiresAt: expiresAt)
    }

    @Test(arguments: TestDatabase.engines)
    func aPairingCodeIsReplacedUsedOnceAndNotAfterItExpires(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let owner = try await test.makeSpace(store).owner
            try await store.keepPairingCode(Self.code("s1", owner: owner, digest: "first"))
            try await store.keepPairingCode(Self.code("s1", owner: owner, digest: "second"))
            #expect(try await store.pairingCode(session: SessionID(rawValue: "s1"), at: Self.now)?.digest == "second")
            #expect(try await store.takePairingCode(digest: "first", at: Self.now) == nil)
            #expect(try await store.takePairingCode(digest: "second", at: Self.now) == Self.code("s1", owner: owner, digest: "second"))
            #expect(try await store.takePairingCode(digest: "second", at: Self.now) == nil)

            try await store.keepPairingCode(Self.code("s2", owner: owner, digest: "late", expiresAt: Self.now - 1))
            #expect(try await store.pairingCode(session: SessionID(rawValue: "s2"), at: Self.now) == nil)
            #expect(try await store.takePairingCode(digest: "late", at: Self.now) == nil)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aGiverIsFoundConfirmedReplacedAndForgotten(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let owner = try await test.makeSpace(store).owner
            let session = SessionID(rawValue: "s1")
            try await store.keepGiver(digest: "g1", session: session, owner: owner, sealedView: Data([9]), at: Self.now)
            #expect(try await store.giver(digest: "g1")?.confirmed == false)
            try await store.confirmGiver(digest: "g1")
            #expect(try await store.giver(session: session) == StoredGiver(session: session, owner: owner, sealedView: Data([9]), confirmed: true))
            // A new partner replaces the old one, and confirms again.
            try await store.keepGiver(digest: "g2", session: session, owner: owner, sealedView: Data([8]), at: Self.now)
            #expect(try await store.giver(digest: "g1") == nil)
            #expect(try await store.giver(digest: "g2")?.confirmed == false)
            try await store.forgetGiver(session: session)
            #expect(try await store.giver(session: session) == nil)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aTicketWorksOnceAndOnlyInTime(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let owner = try await test.makeSpace(store).owner
            let session = SessionID(rawValue: "s1")
            try await store.keepLiveTicket(digest: "t1", session: session, participant: .giver, owner: owner, expiresAt: Self.now + 30)
            try await store.keepLiveTicket(digest: "t2", session: session, participant: .receiver, owner: owner, expiresAt: Self.now + 30)
            let granted = try await store.takeLiveTicket(digest: "t1", at: Self.now)
            #expect(granted?.session == session && granted?.participant == .giver)
            #expect(try await store.takeLiveTicket(digest: "t1", at: Self.now) == nil)
            #expect(try await store.takeLiveTicket(digest: "t2", at: Self.now + 31) == nil)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func lockingOrErasingForgetsEveryPartnerCodeAndTicket(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let owner = try await test.makeSpace(store).owner
            let other = try await test.makeSpace(store).owner
            for (index, who) in [owner, other].enumerated() {
                let session = SessionID(rawValue: "s\(index)")
                try await store.keepPairingCode(Self.code(session.rawValue, owner: who, digest: "c\(index)"))
                try await store.keepGiver(digest: "g\(index)", session: session, owner: who, sealedView: Data(), at: Self.now)
                try await store.keepLiveTicket(digest: "t\(index)", session: session, participant: .giver, owner: who, expiresAt: Self.now + 30)
            }
            try await store.forgetPartners(owner: owner)
            #expect(try await store.giver(digest: "g0") == nil)
            #expect(try await store.takePairingCode(digest: "c0", at: Self.now) == nil)
            #expect(try await store.takeLiveTicket(digest: "t0", at: Self.now) == nil)
            // Someone else's are untouched; erasing their space removes theirs.
            #expect(try await store.giver(digest: "g1") != nil)
            try await store.eraseSpace(owner: other)
            #expect(try await store.giver(digest: "g1") == nil)
            #expect(try await store.takePairingCode(digest: "c1", at: Self.now) == nil)
            #expect(try await store.takeLiveTicket(digest: "t1", at: Self.now) == nil)
        }
    }
}
