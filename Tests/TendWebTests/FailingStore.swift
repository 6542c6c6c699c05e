import Foundation
import Synchronization
import TendCore
import TendStore
import TendVault

/// A real store that fails, or holds a save back, when a test asks: the second implementation of
/// the store protocols. Every call it was not told about goes straight to the real store.
final class FailingStore: Store {
    /// The saves a test can make fail or hold.
    enum Save: Hashable, Sendable {
        /// `save(_ session:in:)`, as pages and the API save.
        case session
        /// `save(_ changes:)`, a live room's group commit.
        case groupCommit
    }

    let real: SQLStore
    private let failures = Mutex<[Save: [StoreError]]>([:])
    private let held = Mutex<[CheckedContinuation<Void, Never>]?>(nil)
    private let calls = Mutex<[Save: Int]>([:])

    init(_ real: SQLStore) {
        self.real = real
    }

    /// The next `count` saves of this kind throw `error`.
    func fail(_ save: Save, with error: StoreError, times count: Int = 1) {
        failures.withLock { $0[save, default: []] += Array(repeating: error, count: count) }
    }

    /// Group commits wait from now on until ``release()``.
    func holdGroupCommits() {
        held.withLock { if $0 == nil { $0 = [] } }
    }

    /// Lets every held group commit go on, and stops holding.
    func release() {
        let waiting = held.withLock { waiting in
            defer { waiting = nil }
            return waiting ?? []
        }
        for continuation in waiting { continuation.resume() }
    }

    /// How many saves of this kind were attempted.
    func attempts(_ save: Save) -> Int { calls.withLock { $0[save, default: 0] } }

    private func nextFailure(_ save: Save) -> StoreError? {
        calls.withLock { $0[save, default: 0] += 1 }
        return failures.withLock { failures in
            guard var queued = failures[save], !queued.isEmpty else { return nil }
            let first = queued.removeFirst()
            failures[save] = queued
            return first
        }
    }

    private func waitIfHeld() async {
        await withCheckedContinuation { continuation in
            let wait = held.withLock { waiting -> Bool in
                guard waiting != nil else { return false }
                waiting?.append(continuation)
                return true
            }
            if !wait { continuation.resume() }
        }
    }

    // MARK: - Practice sessions

    func save(_ session: PracticeSession, in space: UnlockedSpace) async throws(StoreError) {
        if let failure = nextFailure(.session) { throw failure }
        try await real.save(session, in: space)
    }

    func save(_ changes: [SessionChanges]) async throws(StoreError) {
        await waitIfHeld()
        if let failure = nextFailure(.groupCommit) { throw failure }
        try await real.save(changes)
    }

    func session(_ id: SessionID, in space: UnlockedSpace) async throws(StoreError) -> PracticeSession? {
        try await real.session(id, in: space)
    }

    func sessions(in space: UnlockedSpace) async throws(StoreError) -> [PracticeSession] {
        try await real.sessions(in: space)
    }

    func digests(in space: UnlockedSpace) async throws(StoreError) -> [SessionDigest] {
        try await real.digests(in: space)
    }

    // MARK: - Everything else, as the real store does it

    func createSpace(owner: OwnerID, keyRing: KeyRing, at now: Date) async throws(StoreError) {
        try await real.createSpace(owner: owner, keyRing: keyRing, at: now)
    }

    func keyRing(owner: OwnerID) async throws(StoreError) -> KeyRing? { try await real.keyRing(owner: owner) }

    func replaceKeyRing(_ keyRing: KeyRing, owner: OwnerID) async throws(StoreError) {
        try await real.replaceKeyRing(keyRing, owner: owner)
    }

    func owners() async throws(StoreError) -> [OwnerID] { try await real.owners() }

    func ownerExists(_ owner: OwnerID) async throws(StoreError) -> Bool { try await real.ownerExists(owner) }

    func eraseSpace(owner: OwnerID) async throws(StoreError) { try await real.eraseSpace(owner: owner) }

    func save<Value>(
        _ value: Value, id: String, kind: RecordKind<Value>, createdAt: Date, in space: UnlockedSpace
    ) async throws(StoreError) {
        try await real.save(value, id: id, kind: kind, createdAt: createdAt, in: space)
    }

    func records<Value>(_ kind: RecordKind<Value>, in space: UnlockedSpace) async throws(StoreError) -> [StoredRecord<Value>] {
        try await real.records(kind, in: space)
    }

    func records<Value>(_ kind: RecordKind<Value>, ids: [String], in space: UnlockedSpace) async throws(StoreError) -> [StoredRecord<Value>] {
        try await real.records(kind, ids: ids, in: space)
    }

    func record<Value>(_ kind: RecordKind<Value>, id: String, in space: UnlockedSpace) async throws(StoreError) -> Value? {
        try await real.record(kind, id: id, in: space)
    }

    func deleteRecord<Value>(_ kind: RecordKind<Value>, id: String, in space: UnlockedSpace) async throws(StoreError) {
        try await real.deleteRecord(kind, id: id, in: space)
    }

    func renameRecord<Value: Codable>(
        _ kind: RecordKind<Value>, from oldID: String, to newID: String, value: Value, createdAt: Date,
        in space: UnlockedSpace
    ) async throws(StoreError) {
        try await real.renameRecord(kind, from: oldID, to: newID, value: value, createdAt: createdAt, in: space)
    }

    func publishCalendarFeed(_ sealed: Data, lookup: String, owner: OwnerID) async throws(StoreError) {
        try await real.publishCalendarFeed(sealed, lookup: lookup, owner: owner)
    }

    func calendarFeed(lookup: String) async throws(StoreError) -> (owner: OwnerID, sealed: Data)? {
        try await real.calendarFeed(lookup: lookup)
    }

    func withdrawCalendarFeed(owner: OwnerID) async throws(StoreError) { try await real.withdrawCalendarFeed(owner: owner) }

    func unlockFailures(client: String) async throws(StoreError) -> (count: Int, last: Date)? {
        try await real.unlockFailures(client: client)
    }

    func recordUnlockFailure(client: String, at now: Date) async throws(StoreError) {
        try await real.recordUnlockFailure(client: client, at: now)
    }

    func clearUnlockFailures(client: String, olderThan before: Date) async throws(StoreError) {
        try await real.clearUnlockFailures(client: client, olderThan: before)
    }

    func createAccount(name: String, owner: OwnerID, at now: Date) async throws(StoreError) {
        try await real.createAccount(name: name, owner: owner, at: now)
    }

    func owner(named name: String) async throws(StoreError) -> OwnerID? { try await real.owner(named: name) }

    func accountCount() async throws(StoreError) -> Int { try await real.accountCount() }

    func addInvitation(digest: String, at now: Date) async throws(StoreError) { try await real.addInvitation(digest: digest, at: now) }

    func useInvitation(digest: String) async throws(StoreError) -> Bool { try await real.useInvitation(digest: digest) }

    func invitationCount() async throws(StoreError) -> Int { try await real.invitationCount() }

    func keepUnlock(lookup: String, owner: OwnerID, sealedKey: Data, at now: Date) async throws(StoreError) {
        try await real.keepUnlock(lookup: lookup, owner: owner, sealedKey: sealedKey, at: now)
    }

    func unlock(lookup: String) async throws(StoreError) -> (owner: OwnerID, sealedKey: Data, lastSeen: Date)? {
        try await real.unlock(lookup: lookup)
    }

    func touchUnlock(lookup: String, at now: Date) async throws(StoreError) { try await real.touchUnlock(lookup: lookup, at: now) }

    func forgetUnlocks(owner: OwnerID) async throws(StoreError) { try await real.forgetUnlocks(owner: owner) }

    func forgetUnlocks(idleSince before: Date) async throws(StoreError) -> [OwnerID] {
        try await real.forgetUnlocks(idleSince: before)
    }

    func announceLocked(_ owner: OwnerID) async { await real.announceLocked(owner) }

    func lockedOwners() -> AsyncStream<OwnerID> { real.lockedOwners() }

    func keepPairingCode(_ code: StoredPairingCode) async throws(StoreError) { try await real.keepPairingCode(code) }

    func pairingCode(session: SessionID, at now: Date) async throws(StoreError) -> StoredPairingCode? {
        try await real.pairingCode(session: session, at: now)
    }

    func takePairingCode(digest: String, at now: Date) async throws(StoreError) -> StoredPairingCode? {
        try await real.takePairingCode(digest: digest, at: now)
    }

    func keepGiver(digest: String, session: SessionID, owner: OwnerID, sealedView: Data, at now: Date) async throws(StoreError) {
        try await real.keepGiver(digest: digest, session: session, owner: owner, sealedView: sealedView, at: now)
    }

    func giver(digest: String) async throws(StoreError) -> StoredGiver? { try await real.giver(digest: digest) }

    func giver(session: SessionID) async throws(StoreError) -> StoredGiver? { try await real.giver(session: session) }

    func confirmGiver(digest: String) async throws(StoreError) { try await real.confirmGiver(digest: digest) }

    func forgetGiver(session: SessionID) async throws(StoreError) { try await real.forgetGiver(session: session) }

    func forgetPartners(owner: OwnerID) async throws(StoreError) { try await real.forgetPartners(owner: owner) }

    func keepLiveTicket(digest: String, session: SessionID, participant: Participant, owner: OwnerID, expiresAt: Date) async throws(StoreError) {
        try await real.keepLiveTicket(digest: digest, session: session, participant: participant, owner: owner, expiresAt: expiresAt)
    }

    func takeLiveTicket(digest: String, at now: Date) async throws(StoreError) -> (session: SessionID, participant: Participant)? {
        try await real.takeLiveTicket(digest: digest, at: now)
    }

    func createPractitioner(owner: OwnerID, displayName: String, publicKey: Data, at now: Date) async throws(StoreError) {
        try await real.createPractitioner(owner: owner, displayName: displayName, publicKey: publicKey, at: now)
    }

    func practitioner(_ owner: OwnerID) async throws(StoreError) -> StoredPractitioner? { try await real.practitioner(owner) }

    func keepLinkCode(digest: String, practitioner: OwnerID, expiresAt: Date, at now: Date) async throws(StoreError) {
        try await real.keepLinkCode(digest: digest, practitioner: practitioner, expiresAt: expiresAt, at: now)
    }

    func practitioner(linkCode digest: String, at now: Date) async throws(StoreError) -> StoredPractitioner? {
        try await real.practitioner(linkCode: digest, at: now)
    }

    func createLink(_ link: StoredLink, usingCode digest: String, at now: Date) async throws(StoreError) {
        try await real.createLink(link, usingCode: digest, at: now)
    }

    func links(of owner: OwnerID) async throws(StoreError) -> [StoredLink] { try await real.links(of: owner) }

    func endLink(_ id: String, by owner: OwnerID) async throws(StoreError) { try await real.endLink(id, by: owner) }

    func addShare(id: String, link: String, person: OwnerID, sealed: Data) async throws(StoreError) {
        try await real.addShare(id: id, link: link, person: person, sealed: sealed)
    }

    func shares(link: String, reader: OwnerID) async throws(StoreError) -> [(id: String, sealed: Data)] {
        try await real.shares(link: link, reader: reader)
    }

    func removeShare(_ id: String, person: OwnerID) async throws(StoreError) { try await real.removeShare(id, person: person) }

    func waitingOffers(link: String, practitioner: OwnerID) async throws(StoreError) -> Int {
        try await real.waitingOffers(link: link, practitioner: practitioner)
    }
    func addOffer(id: String, link: String, practitioner: OwnerID, sealed: Data) async throws(StoreError) {
        try await real.addOffer(id: id, link: link, practitioner: practitioner, sealed: sealed)
    }

    func offers(for person: OwnerID) async throws(StoreError) -> [(id: String, link: String, sealed: Data)] {
        try await real.offers(for: person)
    }

    func removeOffer(_ id: String, person: OwnerID) async throws(StoreError) { try await real.removeOffer(id, person: person) }
}
