import Foundation
import TendCore
import TendStore
import TendVault

/// Why joining did not work.
enum JoinError: Error, Equatable {
    /// The code is wrong, used up or expired.
    case codeNotValid

    var message: String {
        "That code does not match a session waiting for a partner. Codes last ten minutes and allow five tries; ask for a new one if needed."
    }
}

/// All live partner sessions: rooms, pairing codes, the giver's access and one-time connection tickets.
actor LiveRooms {
    /// How long a pairing code lasts.
    static let codeLifetime: TimeInterval = 10 * 60
    /// Wrong tries allowed against the codes before they must be renewed.
    static let codeTries = 5
    /// How long a connection ticket may wait before it is used.
    static let ticketLifetime: TimeInterval = 30

    struct Invitation {
        let code: String
        let sessionID: SessionID
        let expiresAt: Date
        var triesLeft: Int
    }

    struct Ticket {
        let sessionID: SessionID
        let participant: Participant
        let expiresAt: Date
    }

    private let writer: GroupCommit
    private let engine: SessionEngine
    private let clock: TendClock
    private var rooms: [SessionID: LiveRoom] = [:]
    private var invitations: [SessionID: Invitation] = [:]
    private var giverTokens: [String: SessionID] = [:]
    private var tickets: [String: Ticket] = [:]

    init(store: SQLStore, engine: SessionEngine, clock: TendClock) {
        self.writer = GroupCommit(store: store)
        self.engine = engine
        self.clock = clock
    }

    /// The room of a session, opening it with the receiver's key if needed.
    func room(for session: PracticeSession, space: UnlockedSpace, agreement: BoundariesAgreement?) -> LiveRoom {
        if let room = rooms[session.id] { return room }
        let room = LiveRoom(session: session, space: space, agreement: agreement, engine: engine, writer: writer, clock: clock)
        rooms[session.id] = room
        return room
    }

    /// The room of a session, if it is open.
    func existingRoom(_ id: SessionID) -> LiveRoom? { rooms[id] }

    /// Closes every room and forgets every code, token and ticket (the space was erased).
    func closeEverything() async {
        for room in rooms.values {
            await room.closeAll()
        }
        rooms = [:]
        invitations = [:]
        giverTokens = [:]
        tickets = [:]
    }

    // MARK: - Pairing

    /// A fresh six-digit code for a session, replacing any earlier one.
    func invite(to id: SessionID) -> Invitation {
        var code: String
        repeat {
            code = String(format: "%06d", Int.random(in: 0..<1_000_000))
        } while invitations.values.contains { $0.code == code }
        let invitation = Invitation(code: code, sessionID: id, expiresAt: clock.now() + Self.codeLifetime, triesLeft: Self.codeTries)
        invitations[id] = invitation
        return invitation
    }

    /// The current code for a session, if one is still valid.
    func invitation(for id: SessionID) -> Invitation? {
        guard let invitation = invitations[id], invitation.expiresAt > clock.now(), invitation.triesLeft > 0 else { return nil }
        return invitation
    }

    /// A giver typed a code. On success the code is used up and the giver gets a token for this
    /// one session only; every wrong try counts against every waiting code.
    func join(code: String) throws(JoinError) -> (token: String, sessionID: SessionID) {
        let now = clock.now()
        invitations = invitations.filter { $0.value.expiresAt > now && $0.value.triesLeft > 0 }
        let typed = code.filter(\.isNumber)
        guard let match = invitations.values.first(where: { $0.code == typed }), rooms[match.sessionID] != nil else {
            for id in invitations.keys { invitations[id]?.triesLeft -= 1 }
            throw .codeNotValid
        }
        invitations[match.sessionID] = nil
        giverTokens = giverTokens.filter { $0.value != match.sessionID }
        let token = randomToken()
        giverTokens[token] = match.sessionID
        return (token, match.sessionID)
    }

    /// Which session a giver's token opens, if any.
    func session(forGiver token: String) -> SessionID? {
        giverTokens[token]
    }

    /// The receiver removes the giver: the token stops working and the giver's screen is closed.
    func removeGiver(from id: SessionID) async {
        giverTokens = giverTokens.filter { $0.value != id }
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
