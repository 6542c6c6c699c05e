import Foundation
import TendCore
import TendVault
import Testing

@testable import TendStore

/// Practitioners, links and shares on both engines: each owner reaches only the links they are a
/// side of, a code makes one link, and ending a link or erasing a space leaves no share behind.
@Suite("Practitioners in the store")
struct PractitionerStoreTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: TestDatabase.engines)
    func aLinkIsMadeOnceAndOnlyItsSidesReachIt(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let sam = try await test.makeSpace(store).owner
            let kit = try await test.makeSpace(store).owner
            let willow = try await test.makeSpace(store).owner
            try await store.createPractitioner(owner: sam, displayName: "Sam", publicKey: Data([1]), at: Self.now)
            try await store.createPractitioner(owner: kit, displayName: "Kit", publicKey: Data([2]), at: Self.now)
            #expect(try await store.practitioner(willow) == nil)

            try await store.keepLinkCode(digest: "code", practitioner: sam, expiresAt: Self.now + 60, at: Self.now)
            #expect(try await store.practitioner(linkCode: "code", at: Self.now)?.displayName == "Sam")
            #expect(try await store.practitioner(linkCode: "code", at: Self.now + 61) == nil)
            // Making a code clears those already expired.
            try await store.keepLinkCode(digest: "later", practitioner: sam, expiresAt: Self.now + 200, at: Self.now + 100)
            #expect(try await store.practitioner(linkCode: "code", at: Self.now) == nil)
            #expect(try await store.practitioner(linkCode: "later", at: Self.now + 100)?.displayName == "Sam")
            try await store.keepLinkCode(digest: "code", practitioner: sam, expiresAt: Self.now + 60, at: Self.now)
            let link = StoredLink(id: "link", person: willow, practitioner: sam, sealedPseudonym: Data([9]), personKey: Data([5]))
            // A code names its own practitioner only.
            await #expect(throws: StoreError.linkCodeNotValid) {
                try await store.createLink(StoredLink(id: "x", person: willow, practitioner: kit, sealedPseudonym: Data(), personKey: Data()), usingCode: "code", at: Self.now)
            }
            try await store.createLink(link, usingCode: "code", at: Self.now)
            await #expect(throws: StoreError.linkCodeNotValid) { try await store.createLink(link, usingCode: "code", at: Self.now) }
            #expect(try await store.links(of: willow) == [link])
            #expect(try await store.links(of: sam) == [link])
            #expect(try await store.links(of: kit).isEmpty)

            // Only the person adds, only the practitioner reads.
            try await store.addShare(id: "s1", link: "link", person: willow, sealed: Data([7]))
            try await store.addShare(id: "s2", link: "link", person: kit, sealed: Data([8]))
            #expect(try await store.shares(link: "link", reader: sam).map(\.id) == ["s1"])
            #expect(try await store.shares(link: "link", reader: kit).isEmpty)
            #expect(try await store.shares(link: "link", reader: willow).isEmpty)
            try await store.removeShare("s1", person: kit)
            #expect(try await store.shares(link: "link", reader: sam).count == 1)
            try await store.removeShare("s1", person: willow)
            #expect(try await store.shares(link: "link", reader: sam).isEmpty)

            // Offers go the other way: only the practitioner adds, only the person reads and removes.
            try await store.addOffer(id: "o1", link: "link", practitioner: sam, sealed: Data([6]))
            try await store.addOffer(id: "o2", link: "link", practitioner: willow, sealed: Data([6]))
            #expect(try await store.offers(for: willow).map(\.id) == ["o1"])
            #expect(try await store.offers(for: kit).isEmpty)
            #expect(try await store.waitingOffers(link: "link", practitioner: sam) == 1)
            #expect(try await store.waitingOffers(link: "link", practitioner: kit) == 0)
            try await store.removeOffer("o1", person: kit)
            #expect(try await store.offers(for: willow).count == 1)
            try await store.removeOffer("o1", person: willow)
            #expect(try await store.offers(for: willow).isEmpty)
            #expect(try await store.waitingOffers(link: "link", practitioner: sam) == 0)
            try await store.addOffer(id: "o3", link: "link", practitioner: sam, sealed: Data([6]))

            // Another practitioner cannot end it; either side can.
            try await store.addShare(id: "s3", link: "link", person: willow, sealed: Data([7]))
            try await store.endLink("link", by: kit)
            #expect(try await store.links(of: sam).count == 1)
            try await store.endLink("link", by: sam)
            #expect(try await store.links(of: willow).isEmpty)
            #expect(try await store.offers(for: willow).isEmpty)
            #expect(try await store.shares(link: "link", reader: sam).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func erasingEitherSideRemovesTheLinkAndItsShares(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let sam = try await test.makeSpace(store).owner
            let willow = try await test.makeSpace(store).owner
            try await store.createPractitioner(owner: sam, displayName: "Sam", publicKey: Data([1]), at: Self.now)
            try await store.keepLinkCode(digest: "code", practitioner: sam, expiresAt: Self.now + 60, at: Self.now)
            try await store.createLink(StoredLink(id: "link", person: willow, practitioner: sam, sealedPseudonym: Data(), personKey: Data()), usingCode: "code", at: Self.now)
            try await store.addShare(id: "s1", link: "link", person: willow, sealed: Data([7]))
            try await store.keepLinkCode(digest: "spare", practitioner: sam, expiresAt: Self.now + 60, at: Self.now)

            try await store.eraseSpace(owner: willow)
            #expect(try await store.links(of: sam).isEmpty)
            #expect(try await store.shares(link: "link", reader: sam).isEmpty)
            try await store.eraseSpace(owner: sam)
            #expect(try await store.practitioner(sam) == nil)
            #expect(try await store.practitioner(linkCode: "spare", at: Self.now) == nil)
        }
    }
}
