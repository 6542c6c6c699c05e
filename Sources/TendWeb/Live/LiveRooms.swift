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

/// All live partner sessions: rooms, pairing codes, the giver's access and one-time connection tickets.
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

    struct Ticket {
        let sessionID: SessionID
        let participant: Participant
        let expiresAt: Date
    }

    private let store: any Store
    private let writer: GroupCommit
    private let clock: TendClock
    private var rooms: [SessionID: LiveRoom] = [:]
    private var invitations: [SessionID: Invitation] = [:]
    private var tickets: [String: Ticket] = [:]

    init(store: any Store, clock: TendClock) {
        self.store = store
        self.writer = GroupCommit(store: store)
        self.clock = clock
    }

    /// The room of a session, opening it with the receiver's key (and the engine of the session's
    /// programme) if needed.
    func room(
        for session: CheckedSession, engine: SessionEngine, space: UnlockedSpace, agreement: BoundariesAgreement?
    ) -> LiveRoom {
        if let room = rooms[session.session.id] { return room }
        let room = LiveRoom(session: session, space: space, agreement: agreement, engine: engine, writer: writer, clock: clock)
        rooms[session.session.id] = room
        Observability.liveRooms.record(rooms.count)
        return room
    }

    /// The room of a session, if it is open.
    func existingRoom(_ id: SessionID) -> LiveRoom? { rooms[id] }

    /// Closes every room of an owner and forgets its codes, giver tokens and tickets: the owner's
    /// key has left memory (lock, auto-lock, recovery, erase), and a room must not outlive it.
    func close(owner: OwnerID) async {
        let closing = rooms.filter { $0.value.space.owner == owner }
        for (id, room) in closing {
            await room.closeAll(.locked)
            rooms[id] = nil
        }
        Observability.liveRooms.record(rooms.count)
        let sessions = Set(closing.keys)
        invitations = invitations.filter { !sessions.contains($0.key) }
        try? await store.forgetGiverTokens(owner: owner)
        tickets = tickets.filter { !sessions.contains($0.value.sessionID) }
    }

    // MARK: - Pairing

    /// A fresh six-digit code for a session, replacing any earlier one.
    func invite(to id: SessionID) -> Invitation {
        var code: String
        repeat {
            code = String(format: "%06d", Int.random(in: 0..<1_000_000))
        } while invitations.values.contains { $0.code == code }
        let invitation = Invitation(code: code, sessionID: id, expiresAt: clock.now() + Self.codeLifetime)
        invitations[id] = invitation
        return invitation
    }

    /// The current code for a session, if one is still valid.
    func invitation(for id: SessionID) -> Invitation? {
        guard let invitation = invitations[id], invitation.expiresAt > clock.now() else { return nil }
        return invitation
    }

    /// A giver typed a code. On success the code is used up and the giver gets a token for this
    /// one session only. Wrong codes slow down only the client that typed them, so a stranger
    /// guessing never stops the real partner from joining.
    func join(code: String, client address: String) async throws(JoinError) -> (token: String, sessionID: SessionID) {
        let now = clock.now()
        invitations = invitations.filter { $0.value.expiresAt > now }
        let client = GuessThrottle.client(address: address, kind: .pairingCode)
        // Wrong codes are counted in the database, as wrong passphrases are: every instance, and a
        // restart, sees the same count.
        let wrong: (count: Int, last: Date)?
        do {
            wrong = try await store.unlockFailures(client: client)
        } catch {
            throw .tryAgainIn(seconds: 1)  // no count to check against: wait rather than let guesses through
        }
        if let wrong, let wait = GuessThrottle.waitRemaining(failures: wrong.count, lastFailure: wrong.last, at: now) {
            throw .tryAgainIn(seconds: Int(wait.rounded(.up)))
        }
        let typed = code.filter(\.isNumber)
        guard let match = invitations.values.first(where: { $0.code == typed }),
            let owner = rooms[match.sessionID]?.space.owner
        else {
            try? await store.recordUnlockFailure(client: client, at: now)
            throw .codeNotValid
        }
        // Used up before anything waits, so two joins with one code cannot both get in.
        invitations[match.sessionID] = nil
        let token = randomToken()
        // Kept in the database, so the instance that takes over after a failure knows the partner.
        do {
            try await store.keepGiverToken(digest: Self.digest(of: token), session: match.sessionID, owner: owner, at: now)
        } catch {
            if invitations[match.sessionID] == nil { invitations[match.sessionID] = match }
            throw .tryAgainIn(seconds: 1)
        }
        try? await store.clearUnlockFailures(client: client, olderThan: now - GuessThrottle.memory)
        return (token, match.sessionID)
    }

    /// Which session a giver's token opens, if any.
    func session(forGiver token: String) async -> SessionID? {
        try? await store.giverSession(digest: Self.digest(of: token))
    }

    /// What the database keeps of a giver's token: a one-way digest.
    static func digest(of token: String) -> String {
        Data(SHA256.hash(data: Data(("tend giver v1:" + token).utf8))).hexText
    }

    /// The receiver removes the giver: the token stops working and the giver's screen is closed.
    func removeGiver(from id: SessionID) async {
        try? await store.forgetGiverTokens(session: id)
        tickets = tickets.filter { !($0.value.sessionID == id && $0.value.participant == .giver) }
        await rooms[id]?.removeGiver()
    }

    // MARK: - Tickets

    /// A one-time ticket to open the live connection, valid for a few seconds.
    func ticket(for id: SessionID, participant: Participant) -> String {
        let now = clock.now()
        tickets = tickets.filter { $0.value.expiresAt > now }
        let ticket = randomToken()
        tickets[ticket] = Ticket(sessionID: id, participant: participant, expiresAt: now + Self.ticketLifetime)
        return ticket
    }

    /// Uses a ticket up: the room and role it grants, or nil if unknown, used or expired.
    func redeem(_ ticket: String) -> (room: LiveRoom, participant: Participant)? {
        guard let granted = tickets.removeValue(forKey: ticket), granted.expiresAt > clock.now(),
            let room = rooms[granted.sessionID]
        else { return nil }
        return (room, granted.participant)
    }
}
