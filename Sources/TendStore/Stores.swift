import Foundation
import TendCore
import TendVault

/// Spaces: who exists, and the wrapped keys that open their records.
public protocol SpaceStore: Sendable {
    /// Records a new space with its key ring.
    func createSpace(owner: OwnerID, keyRing: KeyRing, at now: Date) async throws(StoreError)
    /// The key ring of a space, or nil if there is no such space.
    func keyRing(owner: OwnerID) async throws(StoreError) -> KeyRing?
    /// Replaces a space's key ring (after a passphrase change).
    func replaceKeyRing(_ keyRing: KeyRing, owner: OwnerID) async throws(StoreError)
    /// Every space, oldest first.
    func owners() async throws(StoreError) -> [OwnerID]
    /// Whether a space is still stored (another process may have erased it).
    func ownerExists(_ owner: OwnerID) async throws(StoreError) -> Bool
    /// Deletes a space and everything in it, leaving no trace of it in the database's files.
    func eraseSpace(owner: OwnerID) async throws(StoreError)
}

/// Practice sessions, sealed.
public protocol PracticeSessionStore: Sendable {
    /// Saves a session after a transition. A save older than what is stored is refused
    /// with ``StoreError/staleWrite(recordID:)``, so a late write never rolls a session back.
    func save(_ session: PracticeSession, in space: UnlockedSpace) async throws(StoreError)
    /// Saves many sessions' changes in one transaction (a group commit): each session's new signals
    /// are appended to its log, and the session itself is saved when more than signals changed.
    /// A session older than the stored one is left as stored.
    func save(_ changes: [SessionChanges]) async throws(StoreError)
    /// One session of this space.
    func session(_ id: SessionID, in space: UnlockedSpace) async throws(StoreError) -> PracticeSession?
    /// Every session of this space, newest first.
    func sessions(in space: UnlockedSpace) async throws(StoreError) -> [PracticeSession]
    /// The digest of every session of this space, newest first: what lists and progress read,
    /// without opening whole sessions.
    func digests(in space: UnlockedSpace) async throws(StoreError) -> [SessionDigest]
}

/// What changed in one session since it was last saved.
public struct SessionChanges: Sendable {
    /// The session as it is now.
    public let session: PracticeSession
    /// The space it belongs to, unlocked.
    public let space: UnlockedSpace
    /// How many of its signals are already stored.
    public let storedSignals: Int
    /// Whether anything besides new signals changed.
    public let stateChanged: Bool

    public init(session: PracticeSession, space: UnlockedSpace, storedSignals: Int, stateChanged: Bool) {
        self.session = session
        self.space = space
        self.storedSignals = storedSignals
        self.stateChanged = stateChanged
    }
}

/// A kind of sealed record, and the Swift type it holds.
public struct RecordKind<Value: Codable & Sendable>: Sendable {
    /// The name stored beside the blob and bound into its seal.
    public let name: String
    /// Names a kind.
    public init(_ name: String) { self.name = name }
}

/// A sealed record read back: its identifier and its value.
public struct StoredRecord<Value: Sendable>: Sendable {
    public let id: String
    public let value: Value
}

/// Records of other kinds (intakes, agreements, journal entries), sealed whole.
public protocol RecordStore: Sendable {
    /// Saves (or replaces) one record.
    func save<Value>(_ value: Value, id: String, kind: RecordKind<Value>, createdAt: Date, in space: UnlockedSpace) async throws(StoreError)
    /// Every record of a kind, newest first.
    func records<Value>(_ kind: RecordKind<Value>, in space: UnlockedSpace) async throws(StoreError) -> [StoredRecord<Value>]
    /// The records of a kind with these identifiers (those that exist), in one read.
    func records<Value>(_ kind: RecordKind<Value>, ids: [String], in space: UnlockedSpace) async throws(StoreError) -> [StoredRecord<Value>]
    /// One record, or nil.
    func record<Value>(_ kind: RecordKind<Value>, id: String, in space: UnlockedSpace) async throws(StoreError) -> Value?
    /// Deletes one record, if it is there.
    func deleteRecord<Value>(_ kind: RecordKind<Value>, id: String, in space: UnlockedSpace) async throws(StoreError)
    /// Gives a record a new identifier (same contents, sealed again under the new one), in one transaction.
    func renameRecord<Value: Codable>(
        _ kind: RecordKind<Value>, from oldID: String, to newID: String, value: Value, createdAt: Date,
        in space: UnlockedSpace
    ) async throws(StoreError)
}

/// A space's calendar feed: at most one, found by the digest of its secret link, sealed under a key
/// only that link gives.
public protocol CalendarFeedStore: Sendable {
    /// Publishes the feed for `owner`, replacing any earlier one (whose link then stops working).
    func publishCalendarFeed(_ sealed: Data, lookup: String, owner: OwnerID) async throws(StoreError)
    /// The sealed feed a link's lookup names, and whose it is.
    func calendarFeed(lookup: String) async throws(StoreError) -> (owner: OwnerID, sealed: Data)?
    /// Stops the feed: its link opens nothing any more.
    func withdrawCalendarFeed(owner: OwnerID) async throws(StoreError)
}

/// Wrong unlock attempts per client (a one-way digest of its address), so a back-off outlives a restart.
public protocol UnlockFailureStore: Sendable {
    /// How many wrong attempts a client has made in a row, and when the last one was.
    func unlockFailures(client: String) async throws(StoreError) -> (count: Int, last: Date)?
    /// Counts one more wrong attempt.
    func recordUnlockFailure(client: String, at now: Date) async throws(StoreError)
    /// Forgets a client's wrong attempts (after a right one), and anyone's older than `before`.
    func clearUnlockFailures(client: String, olderThan before: Date) async throws(StoreError)
}

/// Hosted accounts: the name a person signs in with, and the operator's invitation codes. Nothing
/// here is intimate: a chosen name, an owner identifier, digests and days.
public protocol AccountStore: Sendable {
    /// Names an existing space; throws ``StoreError/nameTaken`` if the name is someone else's.
    func createAccount(name: String, owner: OwnerID, at now: Date) async throws(StoreError)
    /// The space a name opens, if any.
    func owner(named name: String) async throws(StoreError) -> OwnerID?
    /// How many accounts there are (all an operator sees of them).
    func accountCount() async throws(StoreError) -> Int
    /// Keeps an invitation by the digest of its code.
    func addInvitation(digest: String, at now: Date) async throws(StoreError)
    /// Uses an invitation up; false if there is none with this digest.
    func useInvitation(digest: String) async throws(StoreError) -> Bool
    /// How many invitations are waiting to be used.
    func invitationCount() async throws(StoreError) -> Int
}

/// Unlocks that any instance can use: the data key sealed under the browser's token, found by a
/// digest of it (see `UnlockTicket`). Deleting a row locks that browser everywhere.
public protocol SharedUnlockStore: Sendable {
    /// Keeps one browser's unlock.
    func keepUnlock(lookup: String, owner: OwnerID, sealedKey: Data, at now: Date) async throws(StoreError)
    /// One browser's unlock, if it is still kept.
    func unlock(lookup: String) async throws(StoreError) -> (owner: OwnerID, sealedKey: Data, lastSeen: Date)?
    /// Notes activity, so auto-lock counts from now.
    func touchUnlock(lookup: String, at now: Date) async throws(StoreError)
    /// Forgets every unlock of a space (lock, recovery, erase).
    func forgetUnlocks(owner: OwnerID) async throws(StoreError)
    /// Forgets unlocks idle since before `before`, returning the owners left with none.
    func forgetUnlocks(idleSince before: Date) async throws(StoreError) -> [OwnerID]
    /// Tells every instance that an owner has no unlock left, so each closes what holds their key.
    func announceLocked(_ owner: OwnerID) async
    /// The owners other instances (and this one) announce as locked, as they are announced.
    func lockedOwners() -> AsyncStream<OwnerID>
}

/// A pairing code as kept: its digest to find it by, the code sealed under the receiver's key (so
/// their screen can show it again on any instance), and the giver's view sealed under a key only
/// the code (with the instances' secret) opens.
public struct StoredPairingCode: Sendable, Equatable {
    public let session: SessionID
    public let owner: OwnerID
    public let digest: String
    public let sealedCode: Data
    public let sealedView: Data
    public let expiresAt: Date

    public init(session: SessionID, owner: OwnerID, digest: String, sealedCode: Data, sealedView: Data, expiresAt: Date) {
        self.session = session
        self.owner = owner
        self.digest = digest
        self.sealedCode = sealedCode
        self.sealedView = sealedView
        self.expiresAt = expiresAt
    }
}

/// A partner's join as kept: the session it opens, whose it is, their view sealed under their
/// token, and whether they confirmed the agreement.
public struct StoredGiver: Sendable, Equatable {
    public let session: SessionID
    public let owner: OwnerID
    public let sealedView: Data
    public let confirmed: Bool
}

/// Partner sessions any instance can serve: pairing codes, partners' joins and one-time
/// connection tickets, found by digests.
public protocol PartnerStore: Sendable {
    /// Keeps a session's pairing code, replacing any earlier one (and forgetting expired ones).
    func keepPairingCode(_ code: StoredPairingCode) async throws(StoreError)
    /// A session's pairing code, if one is still valid at `now`.
    func pairingCode(session: SessionID, at now: Date) async throws(StoreError) -> StoredPairingCode?
    /// Uses a code up: the code with this digest, if still valid; gone either way.
    func takePairingCode(digest: String, at now: Date) async throws(StoreError) -> StoredPairingCode?
    /// Keeps a giver's join of one session, replacing any earlier giver of it.
    func keepGiver(digest: String, session: SessionID, owner: OwnerID, sealedView: Data, at now: Date) async throws(StoreError)
    /// The join a giver's token digest names, if it is still kept.
    func giver(digest: String) async throws(StoreError) -> StoredGiver?
    /// The giver of a session, if one has joined.
    func giver(session: SessionID) async throws(StoreError) -> StoredGiver?
    /// Notes that a giver confirmed the agreement.
    func confirmGiver(digest: String) async throws(StoreError)
    /// Forgets the giver of one session (the receiver removed them).
    func forgetGiver(session: SessionID) async throws(StoreError)
    /// Forgets every giver, code and ticket of an owner's sessions (the owner locked).
    func forgetPartners(owner: OwnerID) async throws(StoreError)
    /// Keeps a one-time ticket for a live connection.
    func keepLiveTicket(digest: String, session: SessionID, participant: Participant, owner: OwnerID, expiresAt: Date) async throws(StoreError)
    /// Uses a ticket up: what it grants, if it was still valid; gone either way.
    func takeLiveTicket(digest: String, at now: Date) async throws(StoreError) -> (session: SessionID, participant: Participant)?
}

/// A practitioner as anyone may see them: the name they show, and the public key shares are sealed to.
public struct StoredPractitioner: Sendable, Equatable {
    public let owner: OwnerID
    public let displayName: String
    public let publicKey: Data
}

/// A link between a person and a practitioner. The name the person chose to be known by is sealed
/// to the practitioner.
public struct StoredLink: Sendable, Equatable {
    public let id: String
    public let person: OwnerID
    public let practitioner: OwnerID
    public let sealedPseudonym: Data
    /// The person's public key, which what a practitioner offers them is sealed to.
    public let personKey: Data

    public init(id: String, person: OwnerID, practitioner: OwnerID, sealedPseudonym: Data, personKey: Data) {
        self.id = id
        self.person = person
        self.practitioner = practitioner
        self.sealedPseudonym = sealedPseudonym
        self.personKey = personKey
    }
}

/// Practitioners, links and shares. Every read and change names the owner asking, and touches
/// only links that owner is a side of.
public protocol PractitionerStore: Sendable {
    /// Makes a space a practitioner's, with the name people see and their public key.
    func createPractitioner(owner: OwnerID, displayName: String, publicKey: Data, at now: Date) async throws(StoreError)
    /// A practitioner, if this space is one.
    func practitioner(_ owner: OwnerID) async throws(StoreError) -> StoredPractitioner?
    /// Keeps a link code a practitioner made, by its digest; codes expired by `now` go.
    func keepLinkCode(digest: String, practitioner: OwnerID, expiresAt: Date, at now: Date) async throws(StoreError)
    /// The practitioner a link code names, if it is still valid (the code is not used up).
    func practitioner(linkCode digest: String, at now: Date) async throws(StoreError) -> StoredPractitioner?
    /// Makes a link, using up its code in the same transaction; a link already there between the two is replaced.
    func createLink(_ link: StoredLink, usingCode digest: String, at now: Date) async throws(StoreError)
    /// Every link `owner` is a side of.
    func links(of owner: OwnerID) async throws(StoreError) -> [StoredLink]
    /// Ends a link `owner` is a side of, with everything shared over it.
    func endLink(_ id: String, by owner: OwnerID) async throws(StoreError)
    /// Adds a share to a link of `person`'s (nothing, if the link is not theirs).
    func addShare(id: String, link: String, person: OwnerID, sealed: Data) async throws(StoreError)
    /// The shares over a link, for the practitioner of it only.
    func shares(link: String, reader: OwnerID) async throws(StoreError) -> [(id: String, sealed: Data)]
    /// Withdraws one of `person`'s shares.
    func removeShare(_ id: String, person: OwnerID) async throws(StoreError)
    /// Adds an offer over a link of `practitioner`'s (nothing, if the link is not theirs).
    func addOffer(id: String, link: String, practitioner: OwnerID, sealed: Data) async throws(StoreError)
    /// Every offer waiting for `person`, with its link.
    func offers(for person: OwnerID) async throws(StoreError) -> [(id: String, link: String, sealed: Data)]
    /// Removes an offer made to `person` (accepted or declined).
    func removeOffer(_ id: String, person: OwnerID) async throws(StoreError)
    /// How many offers over one of `practitioner`'s links still wait for the person's answer.
    func waitingOffers(link: String, practitioner: OwnerID) async throws(StoreError) -> Int
}

/// Everything Tend keeps, as the application sees it: ``SQLStore`` on SQLite or PostgreSQL, or a
/// test double that fails on demand.
public typealias Store = SpaceStore & PracticeSessionStore & RecordStore & CalendarFeedStore & UnlockFailureStore
    & AccountStore & SharedUnlockStore & PartnerStore & PractitionerStore

extension Date {
    /// Days since 1970: the coarse timestamp kept in clear beside sealed records.
    var dayNumber: Int { Int((timeIntervalSince1970 / 86_400).rounded(.down)) }
}
