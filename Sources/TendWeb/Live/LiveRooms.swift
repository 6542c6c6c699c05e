import Crypto
import Foundation
import TendApp
import TendCore
import TendStore
import TendVault

/// Why joining did not work.
enum JoinError: Error, Equatable {
    /// The code is wrong, used up or expired.
    case codeNotValid
    /// This device has typed several wrong codes and must wait a little.
    case tryAgainIn(seconds: Int)

    var message: String {
        switch self {
        case .codeNotValid:
            "That code does not match a session waiting for a partner. Codes last ten minutes; ask for a new one if needed."
        case .tryAgainIn(let seconds):
            "Several codes did not match, so this device must wait \(seconds) second\(seconds == 1 ? "" : "s") before the next try. Please check the code on the other screen."
        }
    }
}

/// All live partner sessions: the rooms this instance holds, and pairing codes, partners' joins
/// and one-time connection tickets, which are kept in the database so any instance can serve them.
actor LiveRooms {
    /// How long a pairing code lasts.
    static let codeLifetime: TimeInterval = 10 * 60
    /// How long a connection ticket may wait before it is used.
    static let ticketLifetime: TimeInterval = 30

    struct Invitation {
        let code: String
        let sessionID: SessionID
        let expiresAt: Date
    }

    /// What the giver's screen shows, sealed for them: the agreement, the breath pattern and the
    /// moment both pacers count from. Made by the receiver's screen when it makes a code.
    struct GiverView: Codable, Sendable {
        let agreement: BoundariesAgreement?
        let breath: BreathPattern
        let sessionCreatedAt: Date
    }

    /// A joined giver, as their token opens it.
    struct Giver {
        let sessionID: SessionID
        let owner: OwnerID
        let view: GiverView
        let confirmed: Bool
    }

    private let store: any Store
    private let writer: GroupCommit
    private let clock: TendClock
    /// Joined with a pairing code to seal the giver's view while the code waits: every instance of
    /// a hosted Tend is given the same one; one person's Tend makes its own at start.
    private let pairingSecret: Data
    private var rooms: [SessionID: LiveRoom] = [:]
    /// Hosted on several instances: carries devices to rooms that live on another instance.
    let relay: LiveRelay?

    /// Where a device's connection goes: a room here, or a room on another instance.
    enum Place {
        case here(LiveRoom)
        case elsewhere(home: String, session: SessionID, relay: LiveRelay)
    }

    init(store: any Store, clock: TendClock, pairingSecret: Data = Data(randomToken().utf8), relay: LiveRelay? = nil) {
        self.store = store
        self.writer = GroupCommit(store: store)
        self.clock = clock
        self.pairingSecret = pairingSecret
        self.relay = relay
    }

    /// The room of a session, opening it with the receiver's key (and the engine of the session's
    /// programme) if needed; nil when it lives on another instance (or, hosted, the database
    /// cannot say where it lives). A giver who already confirmed the agreement stays confirmed.
    func room(
        for session: CheckedSession, engine: SessionEngine, space: UnlockedSpace, agreement: BoundariesAgreement?
    ) async -> LiveRoom? {
        let id = session.session.id
        if let room = rooms[id] { return room }
        if let relay {
            guard let home = try? await relay.claim(id), home == relay.instance else { return nil }
        }
        let confirmed = (try? await store.giver(session: id))??.confirmed ?? false
        if let room = rooms[id] { return room }
        let room = LiveRoom(
            session: session, space: space, agreement: agreement, confirmed: confirmed, engine: engine, writer: writer, clock: clock)
        rooms[session.session.id] = room
        Observability.liveRooms.record(rooms.count)
        return room
    }

    /// The room of a session, if this instance holds it.
    func existingRoom(_ id: SessionID) -> LiveRoom? { rooms[id] }

    /// The sessions whose rooms this instance holds.
    func heldSessions() -> Set<SessionID> { Set(rooms.keys) }

    /// Closes every room of an owner and forgets its codes, partners and tickets: the owner's key
    /// has left memory (lock, auto-lock, recovery, erase), and a room must not outlive it.
    func close(owner: OwnerID) async {
        let closing = rooms.filter { $0.value.space.owner == owner }
        for (id, room) in closing {
            await room.closeAll(.locked)
            rooms[id] = nil
        }
        Observability.liveRooms.record(rooms.count)
        await relay?.release(Array(closing.keys))
        try? await store.forgetPartners(owner: owner)
    }

    /// Closes the rooms whose sessions match, without touching anything stored: another instance
    /// has become their home, and their devices reconnect there.
    func closeRooms(where moved: (SessionID) -> Bool) async {
        for (id, room) in rooms where moved(id) {
            await room.closeAll(.roomClosed)
            rooms[id] = nil
        }
        Observability.liveRooms.record(rooms.count)
    }

    // MARK: - Pairing

    /// The session's code, if one is still valid: the receiver's key opens it, on any instance.
    func invitation(for id: SessionID, in space: UnlockedSpace) async throws -> Invitation? {
        guard let kept = try await store.pairingCode(session: id, at: clock.now()), kept.owner == space.owner,
            let code = try? space.key.open(String.self, from: kept.sealedCode, for: Self.codeBinding(id, space.owner))
        else { return nil }
        return Invitation(code: code, sessionID: id, expiresAt: kept.expiresAt)
    }

    /// A fresh six-digit code for a session, replacing any earlier one, with the giver's view
    /// sealed under it.
    func invite(to id: SessionID, view: GiverView, in space: UnlockedSpace) async throws -> Invitation {
        let expiresAt = clock.now() + Self.codeLifetime
        // Two waiting sessions drawing the same code is rare; the digest is unique, so draw again.
        for _ in 0..<5 {
            let code = String(format: "%06d", Int.random(in: 0..<1_000_000))
            let kept = StoredPairingCode(
                session: id, owner: space.owner, digest: Self.digest(ofCode: code),
                sealedCode: try space.key.seal(code, for: Self.codeBinding(id, space.owner)),
                sealedView: try DerivedSeal.seal(view, secret: pairingSecret + Data(code.utf8), context: Self.viewContext(id)),
                expiresAt: expiresAt)
            do {
                try await store.keepPairingCode(kept)
                return Invitation(code: code, sessionID: id, expiresAt: expiresAt)
            } catch {
                continue
            }
        }
        throw StoreError.databaseUnavailable("no free pairing code")
    }

    /// A giver typed a code. On success the code is used up and the giver gets a token for this
    /// one session only, with their view sealed under it. Wrong codes slow down only the client
    /// that typed them (counted in the database, so every instance sees the same count), and a
    /// stranger guessing never stops the real partner from joining.
    func join(code: String, client address: String) async throws(JoinError) -> (token: String, sessionID: SessionID) {
        let now = clock.now()
        let client = GuessThrottle.client(address: address, kind: .pairingCode)
        let wrong: (count: Int, last: Date)?
        do {
            wrong = try await store.unlockFailures(client: client)
        } catch {
            throw .tryAgainIn(seconds: 1)  // no count to check against: wait rather than let guesses through
        }
        if let wrong, let wait = GuessThrottle.waitRemaining(failures: wrong.count, lastFailure: wrong.last, at: now) {
            throw .tryAgainIn(seconds: Int(wait.rounded(.up)))
        }
        let typed = String(code.filter(\.isNumber).prefix(6))
        // Used up as it is read, so two joins with one code cannot both get in.
        let taken: StoredPairingCode?
        do {
            taken = try await store.takePairingCode(digest: Self.digest(ofCode: typed), at: now)
        } catch {
            throw .tryAgainIn(seconds: 1)
        }
        guard let taken,
            let view = DerivedSeal.open(GiverView.self, from: taken.sealedView, secret: pairingSecret + Data(typed.utf8), context: Self.viewContext(taken.session))
        else {
            try? await store.recordUnlockFailure(client: client, at: now)
            throw .codeNotValid
        }
        let token = randomToken()
        do {
            let sealed = try DerivedSeal.seal(view, secret: Data(token.utf8), context: Self.viewContext(taken.session))
            try await store.keepGiver(digest: Self.digest(ofToken: token), session: taken.session, owner: taken.owner, sealedView: sealed, at: now)
        } catch {
            try? await store.keepPairingCode(taken)  // the code was not spent: give it back
            throw .tryAgainIn(seconds: 1)
        }
        try? await store.clearUnlockFailures(client: client, olderThan: now - GuessThrottle.memory)
        return (token, taken.session)
    }

    /// The join a giver's token opens, if any, with their view.
    func giver(token: String) async -> Giver? {
        guard let kept = try? await store.giver(digest: Self.digest(ofToken: token)),
            let view = DerivedSeal.open(GiverView.self, from: kept.sealedView, secret: Data(token.utf8), context: Self.viewContext(kept.session))
        else { return nil }
        return Giver(sessionID: kept.session, owner: kept.owner, view: view, confirmed: kept.confirmed)
    }

    /// The giver read the agreement on their own screen and agreed to it.
    func confirm(token: String, session id: SessionID) async throws {
        try await store.confirmGiver(digest: Self.digest(ofToken: token))
        await tell(.confirmed, about: id)
    }

    /// A giver's confirmation is kept in the database. A room hears of it as news, and checks
    /// again whenever a giver's device joins it, so news missed on the way never keeps a giver waiting.
    func confirmIfAgreed(_ room: LiveRoom) async {
        if (try? await store.giver(session: room.session.id))??.confirmed == true { await room.confirmAgreement() }
    }

    /// Tells a session's room some news, here or at its home.
    private func tell(_ news: RelayMessage.Kind, about id: SessionID) async {
        if let room = rooms[id] {
            news == .confirmed ? await room.confirmAgreement() : await room.removeGiver()
        } else if let relay, let home = await relay.home(of: id), home != relay.instance {
            await relay.tell(news, about: id, home: home)
        }
    }

    /// The receiver removes the giver: the token stops working and the giver's screen is closed.
    func removeGiver(from id: SessionID) async throws {
        try await store.forgetGiver(session: id)
        await tell(.giverRemoved, about: id)
    }

    /// What the database keeps of a giver's token: a one-way digest.
    static func digest(ofToken token: String) -> String {
        Data(SHA256.hash(data: Data(("tend giver v1:" + token).utf8))).hexText
    }

    /// What the database finds a pairing code by.
    static func digest(ofCode code: String) -> String {
        Data(SHA256.hash(data: Data(("tend pairing code v1:" + code).utf8))).hexText
    }

    private static func codeBinding(_ id: SessionID, _ owner: OwnerID) -> RecordBinding {
        RecordBinding(owner: owner, kind: "pairing-code", id: id.rawValue)
    }

    private static func viewContext(_ id: SessionID) -> String { "giver view " + id.rawValue }

    // MARK: - Tickets

    /// A one-time ticket to open the live connection, valid for a few seconds, kept as a digest.
    func ticket(for id: SessionID, participant: Participant, owner: OwnerID) async throws -> String {
        let ticket = randomToken()
        try await store.keepLiveTicket(
            digest: Self.digest(ofTicket: ticket), session: id, participant: participant, owner: owner,
            expiresAt: clock.now() + Self.ticketLifetime)
        return ticket
    }

    /// Uses a ticket up: where its connection goes and the role it grants, or nil if the ticket
    /// is unknown, used or expired, or no instance holds the room just now.
    func redeem(_ ticket: String) async -> (place: Place, participant: Participant)? {
        guard !ticket.isEmpty, let granted = try? await store.takeLiveTicket(digest: Self.digest(ofTicket: ticket), at: clock.now())
        else { return nil }
        if let room = rooms[granted.session] {
            if granted.participant == .giver { await confirmIfAgreed(room) }
            return (.here(room), granted.participant)
        }
        guard let relay, let home = await relay.home(of: granted.session), home != relay.instance else { return nil }
        return (.elsewhere(home: home, session: granted.session, relay: relay), granted.participant)
    }

    private static func digest(ofTicket ticket: String) -> String {
        Data(SHA256.hash(data: Data(("tend live ticket v1:" + ticket).utf8))).hexText
    }
}
