import Crypto
import Foundation
import Logging
import NIOConcurrencyHelpers
import TendCore
import TendStore
import TendVault

/// Carries live connections between the instances of a hosted Tend, through PostgreSQL
/// `LISTEN`/`NOTIFY` (decision 021).
///
/// A room lives on one instance, its *home*: the one that opened it with the receiver's key. A
/// device whose connection reaches another instance (an *edge*) is relayed: the edge forwards each
/// frame the device sends, unread, to the home, and the home sends back what the room sends the
/// device. The room reads, checks and saves exactly as for a device of its own, so ordering, acks
/// and reconnects are the same. Each instance listens on a channel of its own. Payloads are sealed
/// with a key derived from the secret every instance is given (never stored in the database), so
/// PostgreSQL and its files see only ciphertext, and someone who can only write to the database
/// cannot pose as an instance. Every message carries its link's next number: a repeat is dropped,
/// and a gap (a notification missed while a listener reconnected) closes the link, so the device
/// reconnects and reads the state again rather than miss a frame.
actor LiveRelay {
    /// How often an instance notes it is alive and checks the instances it talks to.
    static let beat: Duration = .seconds(2)
    /// An instance not heard from for this long is gone: its rooms may be opened elsewhere.
    static let staleAfter: Double = 10
    /// An `open` older than this is refused as a replay.
    static let openLifetime: TimeInterval = 30
    /// The largest payload PostgreSQL carries is 8,000 bytes; a frame that would not fit closes its link.
    static let payloadLimit = 7_900

    let instance: String
    nonisolated let outbox: RelayOutbox
    private let database: TendDatabase
    private let key: SymmetricKey
    private let logger: Logger
    private var rooms: LiveRooms?
    /// Devices connected here whose room lives elsewhere.
    private var edges: [UUID: Edge] = [:]
    /// Devices connected elsewhere whose room lives here.
    private var seats: [UUID: Seat] = [:]
    /// The last number heard on each link.
    private var heard: [UUID: Int] = [:]
    /// Frames arriving in parts, joined again per link.
    private var parts = FrameParts()
    /// Links opened lately, so a replayed `open` is refused.
    private var openedLately: [UUID: Date] = [:]

    struct Edge {
        let line: any LiveLine
        let home: String
    }

    struct Seat {
        let room: LiveRoom
        let connection: UUID
        let edge: String
    }

    init(database: TendDatabase, secret: String, logger: Logger) {
        self.instance = Data((0..<12).map { _ in UInt8.random(in: .min ... .max) }).hexText
        self.database = database
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), salt: Data("tend live relay v1".utf8),
            outputByteCount: 32)
        self.logger = logger
        self.outbox = RelayOutbox()
    }

    func attach(_ rooms: LiveRooms) { self.rooms = rooms }

    static func channel(of instance: String) -> String { "tend_live_" + instance }

    // MARK: - Homes

    /// Makes this instance the home of a session's room unless a live instance already is; returns the home.
    func claim(_ session: SessionID) async throws -> String {
        try await database.claimLiveHome(session: session.rawValue, instance: instance, staleAfter: Self.staleAfter)
    }

    /// The live instance holding a session's room, if any.
    func home(of session: SessionID) async -> String? {
        try? await database.liveHome(session: session.rawValue, staleAfter: Self.staleAfter)
    }

    /// This instance no longer holds these rooms.
    func release(_ sessions: [SessionID]) async {
        try? await database.releaseLiveHomes(sessions.map(\.rawValue), instance: instance)
    }

    /// Tells a room's home some news for it (the giver confirmed, or was removed).
    func tell(_ kind: RelayMessage.Kind, about session: SessionID, home: String) {
        outbox.post(RelayMessage(kind: kind, link: UUID(), from: instance, session: session), to: home)
    }

    // MARK: - At the edge

    /// A device connected here for a room that lives at `home`: from now on its frames go there.
    func openEdge(session: SessionID, participant: Participant, home: String, line: any LiveLine) -> UUID {
        let link = UUID()
        edges[link] = Edge(line: line, home: home)
        outbox.post(
            RelayMessage(kind: .open, link: link, from: instance, session: session, participant: participant, sentAt: Date().timeIntervalSince1970),
            to: home)
        return link
    }

    /// The device disconnected: its seat at the home is given up.
    func closeEdge(_ link: UUID) {
        guard let edge = edges.removeValue(forKey: link) else { return }
        heard[link] = nil
        parts.forget(link)
        outbox.post(RelayMessage(kind: .close, link: link, from: instance), to: edge.home)
        outbox.forget(link)
    }

    // MARK: - Receiving

    /// One message heard on this instance's channel, opened. Anything that does not follow its
    /// link's order is dropped without a word (what does not open never gets here).
    private func handle(_ message: RelayMessage) async {
        switch message.kind {
        case .open:
            await seat(message)
        case .frame, .close:
            guard seats[message.link] != nil || edges[message.link] != nil else { return }
            let last = heard[message.link] ?? 0
            guard message.seq > last else { return }  // heard already
            guard message.seq - 1 == last else {
                await drop(message.link, .roomClosed)  // a gap: reconnect and read the state again
                return
            }
            heard[message.link] = message.seq
            if message.kind == .close {
                await drop(message.link, message.code.flatMap(Live.Close.init(rawValue:)) ?? .roomClosed, tellOtherSide: false)
            } else if let part = message.text {
                let text: String
                switch parts.add(part, more: message.more == true, link: message.link) {
                case .waiting: return
                case .tooLarge:
                    await drop(message.link, .roomClosed)
                    return
                case .complete(let whole): text = whole
                }
                if let seat = seats[message.link] {
                    await LiveSocket.dispatch(text, into: seat.room, id: seat.connection)
                } else {
                    edges[message.link]?.line.send(text)
                }
            }
        case .confirmed:
            if let session = message.session { await rooms?.existingRoom(session)?.confirmAgreement() }
        case .giverRemoved:
            if let session = message.session { await rooms?.existingRoom(session)?.removeGiver() }
        }
    }

    /// At the home: a device elsewhere joins a room here, through a line that sends back to its edge.
    private func seat(_ message: RelayMessage) async {
        let now = Date()
        openedLately = openedLately.filter { now.timeIntervalSince($0.value) < Self.openLifetime }
        guard let sentAt = message.sentAt, abs(now.timeIntervalSince1970 - sentAt) < Self.openLifetime,
            openedLately[message.link] == nil, let session = message.session, let participant = message.participant
        else { return }
        openedLately[message.link] = now
        let line = RelayLine(link: message.link, edge: message.from, relay: self)
        guard let room = await rooms?.existingRoom(session) else {
            line.close(now: .roomClosed)
            return
        }
        heard[message.link] = message.seq
        if participant == .giver { await rooms?.confirmIfAgreed(room) }
        let connection = await room.connect(participant, line: line)
        seats[message.link] = Seat(room: room, connection: connection, edge: message.from)
    }

    /// Ends a link here: an edge's device is closed with `code`; a seat leaves its room.
    private func drop(_ link: UUID, _ code: Live.Close, tellOtherSide: Bool = true) async {
        heard[link] = nil
        parts.forget(link)
        if let edge = edges.removeValue(forKey: link) {
            if tellOtherSide { outbox.post(RelayMessage(kind: .close, link: link, from: instance), to: edge.home) }
            outbox.forget(link)
            await edge.line.close(code)
        } else if let seat = seats.removeValue(forKey: link) {
            if tellOtherSide { outbox.post(RelayMessage(kind: .close, link: link, from: instance, code: code.rawValue), to: seat.edge) }
            outbox.forget(link)
            await seat.room.disconnect(seat.connection)
        }
    }

    /// The room closed a relayed device's line (replaced, removed, locked, closed).
    fileprivate func lineClosed(_ link: UUID) {
        seats[link] = nil
        heard[link] = nil
        parts.forget(link)
    }

    // MARK: - Running

    /// Listens, sends and keeps the heartbeat until cancelled; then lets go of every room and link.
    func run() async {
        try? await database.noteAlive(instance: instance)
        let listening = database.announcements(on: Self.channel(of: instance), logger: logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                // Opened here, off the relay's own queue, which then only routes.
                for await payload in listening {
                    guard let message = self.open(payload) else {
                        self.logger.debug("a live relay payload did not open")
                        continue
                    }
                    await self.handle(message)
                }
            }
            group.addTask { [self] in await self.sendUntilCancelled() }
            // Noting itself alive is one cheap statement, on a loop of its own and off the relay's
            // queue, so a busy instance (or slow checks) never looks gone.
            group.addTask { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.beat)
                    try? await self.database.noteAlive(instance: self.instance)
                }
            }
            group.addTask { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.beat)
                    await self.checkPeersAndHomes()
                }
            }
            await group.waitForAll()
        }
    }

    /// Stopping: every device relayed through here, or seated here, is told to reconnect, and the
    /// rooms are free for another instance at once.
    func stop() async {
        for link in Array(edges.keys) + Array(seats.keys) {
            await drop(link, .roomClosed)
        }
        await flush()
        try? await database.leaveLive(instance: instance)
    }

    /// Closes links to instances that are gone; rooms this instance holds but is no longer the
    /// home of (another took them over while this one could not reach the database) are closed,
    /// so their devices reconnect to the new home.
    private func checkPeersAndHomes() async {
        let peers = Set(edges.values.map(\.home) + seats.values.map(\.edge))
        if !peers.isEmpty, let alive = try? await database.aliveInstances(among: Array(peers), within: Self.staleAfter) {
            for (link, edge) in edges where !alive.contains(edge.home) { await drop(link, .roomClosed, tellOtherSide: false) }
            for (link, seat) in seats where !alive.contains(seat.edge) { await drop(link, .roomClosed, tellOtherSide: false) }
        }
        // Only rooms held before the question was asked: one opened meanwhile has just claimed its home.
        guard let rooms else { return }
        let held = await rooms.heldSessions()
        guard !held.isEmpty else { return }
        if let homes = try? await database.liveHomes(of: instance) {
            await rooms.closeRooms { held.contains($0) && !homes.contains($0.rawValue) }
        }
    }

    private nonisolated func sendUntilCancelled() async {
        for await _ in outbox.wakes {
            await flush()
        }
    }

    /// Seals and sends everything waiting, in one statement, off the relay's own queue.
    private nonisolated func flush() async {
        let batch = outbox.take()
        guard !batch.isEmpty else { return }
        var notifications: [(channel: String, payload: String)] = []
        for (to, message) in batch {
            let channel = Self.channel(of: to)
            guard let payload = seal(message, for: channel), payload.utf8.count <= Self.payloadLimit else {
                logger.warning("a live relay message was too large to send; its link is closed")
                await drop(message.link, .roomClosed)
                continue
            }
            notifications.append((channel, payload))
        }
        do {
            try await database.notify(notifications)
        } catch {
            // Lost: each link's next message shows the gap, and its device reconnects.
            logger.warning("live relay messages could not be sent")
        }
    }

    // MARK: - Sealing

    static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    private nonisolated func seal(_ message: RelayMessage, for channel: String) -> String? {
        guard let plaintext = try? Self.encoder.encode(message),
            let box = try? ChaChaPoly.seal(plaintext, using: key, authenticating: Data(channel.utf8))
        else { return nil }
        return box.combined.base64EncodedString()
    }

    private nonisolated func open(_ payload: String) -> RelayMessage? {
        guard payload.utf8.count <= Self.payloadLimit + 100, let data = Data(base64Encoded: payload),
            let box = try? ChaChaPoly.SealedBox(combined: data),
            let plaintext = try? ChaChaPoly.open(box, using: key, authenticating: Data(Self.channel(of: instance).utf8))
        else { return nil }
        return try? Self.decoder.decode(RelayMessage.self, from: plaintext)
    }
}

/// What one instance tells another. `seq` numbers each link's messages from 1; the outbox sets it.
struct RelayMessage: Codable, Sendable {
    enum Kind: String, Codable, Sendable {
        /// A device at the edge joins a room at its home.
        case open
        /// One text frame, either way.
        case frame
        /// The link ends; from the home, `code` says why.
        case close
        /// The giver confirmed the agreement (from any instance, to the room's home).
        case confirmed
        /// The receiver removed the giver.
        case giverRemoved
    }

    var kind: Kind
    var link: UUID
    var from: String
    var seq: Int = 0
    var session: SessionID?
    var participant: Participant?
    var sentAt: Double?
    var text: String?
    var code: UInt16?
    /// For a frame sent in parts: more parts follow this one.
    var more: Bool?

    /// The most UTF-8 bytes of a frame's text one message carries. Escaped as JSON (a control
    /// character a device sent may take six bytes), sealed and in base64, a part still fits one
    /// notification (`LiveRelay.payloadLimit`).
    static let partBytes = 900
}

/// Frames that arrive in parts, joined again per link in the order their parts were numbered.
struct FrameParts {
    /// The largest frame joined; anything larger closes its link.
    static let limit = 256 * 1024

    enum Added: Equatable {
        case waiting
        case complete(String)
        case tooLarge
    }

    private var waiting: [UUID: String] = [:]

    mutating func add(_ part: String, more: Bool, link: UUID) -> Added {
        let sofar = waiting.removeValue(forKey: link) ?? ""
        guard sofar.utf8.count + part.utf8.count <= Self.limit else { return .tooLarge }
        guard more else { return .complete(sofar + part) }
        waiting[link] = sofar + part
        return .waiting
    }

    mutating func forget(_ link: UUID) {
        waiting[link] = nil
    }

    /// `text` cut into parts of at most `RelayMessage.partBytes` UTF-8 bytes, between scalars, so
    /// joining them gives back exactly `text`.
    static func split(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        var bytes = 0
        for scalar in text.unicodeScalars {
            let size = String(scalar).utf8.count
            if bytes + size > RelayMessage.partBytes {
                result.append(String(current))
                current = String.UnicodeScalarView()
                bytes = 0
            }
            current.append(scalar)
            bytes += size
        }
        result.append(String(current))
        return result
    }
}

/// Messages waiting to be sent, in the order they were posted. Posting never waits, so a room
/// or a socket's read loop can post from where it is and the order stays theirs.
final class RelayOutbox: Sendable {
    private let state = NIOLockedValueBox<(queue: [(String, RelayMessage)], numbers: [UUID: Int])>(([], [:]))
    private let wake: AsyncStream<Void>.Continuation
    let wakes: AsyncStream<Void>

    init() {
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a message for an instance, numbering it on its link.
    func post(_ message: RelayMessage, to instance: String) {
        post([message], to: instance)
    }

    /// Queues messages for an instance together, numbered one after another on their link.
    private func post(_ messages: [RelayMessage], to instance: String) {
        state.withLockedValue { state in
            for var message in messages {
                let number = (state.numbers[message.link] ?? 0) + 1
                state.numbers[message.link] = number
                message.seq = number
                state.queue.append((instance, message))
            }
        }
        wake.yield()
    }

    /// Forwards a device's frame, unread, to its room's home.
    func forward(_ text: String, link: UUID, from instance: String, to home: String) {
        postFrame(text, link: link, from: instance, to: home)
    }

    /// Queues a frame for an instance: in parts, numbered one after another, when it is too large
    /// for one notification (a programme's long words, say).
    func postFrame(_ text: String, link: UUID, from instance: String, to other: String) {
        let pieces = FrameParts.split(text)
        post(pieces.indices.map { index in
            RelayMessage(kind: .frame, link: link, from: instance, text: pieces[index], more: index < pieces.count - 1 ? true : nil)
        }, to: other)
    }

    /// A link has ended: its numbering is no longer needed.
    func forget(_ link: UUID) {
        state.withLockedValue { _ = $0.numbers.removeValue(forKey: link) }
    }

    /// Everything waiting, oldest first.
    func take() -> [(String, RelayMessage)] {
        state.withLockedValue { state in
            defer { state.queue = [] }
            return state.queue
        }
    }
}

/// A device seated in a room here while its connection is on another instance: what the room
/// sends it goes back through the relay.
struct RelayLine: LiveLine {
    let link: UUID
    let edge: String
    let relay: LiveRelay

    func send(_ text: String) {
        relay.outbox.postFrame(text, link: link, from: relay.instance, to: edge)
    }

    func close(_ code: Live.Close) async {
        close(now: code)
        await relay.lineClosed(link)
    }

    /// Tells the edge to close the device's connection.
    func close(now code: Live.Close) {
        relay.outbox.post(RelayMessage(kind: .close, link: link, from: relay.instance, code: code.rawValue), to: edge)
        relay.outbox.forget(link)
    }
}
