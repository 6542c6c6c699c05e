import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import TendCore

/// Accepts live connections at `/live/ws?ticket=…` and reads each one, turning frames into
/// intents (rate-limited, size-limited, never logged). Rooms write back through a `LiveLine`.
enum LiveSocket {
    static let path = "/live/ws"
    /// Messages a device may send per second on average, and in a burst.
    static let messagesPerSecond = 20.0
    static let burst = 40.0

    static func shouldUpgrade(
        _ request: HTTPRequest, channel: any Channel, rooms: LiveRooms
    ) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        guard let target = request.path, let components = URLComponents(string: target), components.path == path else {
            return .dontUpgrade
        }
        // Refusals are answered by the connection guard with a problem document (the WebSocket
        // library would otherwise answer an empty 400), and the connection closes.
        let foreign = isForeign(origins: request.headerFields[values: .origin], authority: request.authority)
        let ticket = components.queryItems?.first { $0.name == "ticket" }?.value ?? ""
        guard !foreign, let (place, participant) = await rooms.redeem(ticket) else {
            await ConnectionGuard.answer(.liveConnectionRefused(refusalDetail(foreign: foreign)), on: channel)
            return .dontUpgrade
        }
        return .upgrade([:]) { inbound, outbound, _ in
            let line = WebSocketLine(channel: channel, outbound: outbound)
            // An oversized or malformed frame ends the read: the library closes with the matching
            // code (1009 for size). The session itself is untouched.
            var failure: (any Error)?
            switch place {
            case .here(let room):
                let id = await room.connect(participant, line: line)
                do {
                    try await read(inbound, line: line) { text in
                        await dispatch(text, into: room, id: id)
                    } refuse: { ref, code, message in
                        await room.refuse(id, ref: ref, code: code, message: message)
                    }
                } catch {
                    failure = error
                }
                await room.disconnect(id)
            case .elsewhere(let home, let session, let relay):
                // The room lives on another instance: frames go there unread, and come back.
                let link = await relay.openEdge(session: session, participant: participant, home: home, line: line)
                do {
                    try await read(inbound, line: line) { text in
                        relay.outbox.forward(text, link: link, from: relay.instance, to: home)
                    } refuse: { ref, code, message in
                        line.send(Live.ServerMessage.error(ref: ref, code: code, message: message).text)
                    }
                } catch {
                    failure = error
                }
                await relay.closeEdge(link)
            }
            if let failure { throw failure }
        }
    }

    /// The answer to a live connection that was not upgraded: a foreign page, or a ticket that is
    /// unknown, used or expired.
    static func refusal(_ request: Request) -> Response {
        let foreign = isForeign(origins: request.headers[values: .origin], authority: request.head.authority)
        return Problem(status: .forbidden, title: "Live connection refused", detail: refusalDetail(foreign: foreign)).response()
    }

    private static func refusalDetail(foreign: Bool) -> String {
        foreign ? "This connection did not come from Tend's own page." : "This link has expired. Please reload the page."
    }

    /// Whether a browser page from another site opened this connection. Browsers always name
    /// their page's http(s) origin; other clients may send none, or a ws:// one, and are judged by
    /// their ticket alone.
    static func isForeign(origins: [String], authority: String?) -> Bool {
        origins.contains { origin in
            guard let url = URL(string: origin), let scheme = url.scheme, ["http", "https"].contains(scheme) else { return false }
            return origin != "\(scheme)://\(authority ?? "")"
        }
    }

    /// Reads a device's frames until it goes: rate-limited and size-limited here, where the
    /// device is connected, then handed on as text.
    private static func read(
        _ inbound: WebSocketInboundStream, line: WebSocketLine, deliver: (String) async -> Void,
        refuse: (_ ref: String?, _ code: String, _ message: String) async -> Void
    ) async throws {
        var bucket = TokenBucket(rate: messagesPerSecond, capacity: burst)
        var refusedInARow = 0
        for try await message in inbound.messages(maxSize: Live.maximumFrameBytes) {
            guard bucket.take(at: ContinuousClock.now) else {
                refusedInARow += 1
                if refusedInARow > Int(burst) {
                    await line.close(.tooManyMessages)
                    return
                }
                // The ref says which intent was dropped, so the device can send it again.
                let ref = message.text.flatMap { try? Live.decoder.decode(Live.ClientMessage.self, from: Data($0.utf8)).ref }
                    .flatMap { $0.count <= 64 ? $0 : nil }
                await refuse(ref, "slowDown", "Too many messages at once; this one was not read.")
                continue
            }
            refusedInARow = 0
            guard let text = message.text else {
                await refuse(nil, "unreadable", "Messages are JSON text with a type.")
                continue
            }
            await deliver(text)
        }
    }

    /// One frame from a device, read and handed to its room: on the instance where the device is
    /// connected, or on the room's own instance when the frame was relayed there.
    static func dispatch(_ text: String, into room: LiveRoom, id: UUID) async {
        guard let decoded = try? Live.decoder.decode(Live.ClientMessage.self, from: Data(text.utf8)) else {
            await room.refuse(id, ref: nil, code: "unreadable", message: "Messages are JSON text with a type.")
            return
        }
        switch decoded.type {
        case "hello":
            await room.hello(from: id)
        case "ping":
            await room.pong(to: id, clientTime: decoded.clientTime ?? 0)
        case "intent":
            guard let ref = decoded.ref, ref.count <= 64 else {
                await room.refuse(id, ref: nil, code: "missingRef", message: "An intent needs a short ref to acknowledge.")
                return
            }
            guard let name = decoded.intent.flatMap(IntentName.init(rawValue:)),
                let intent = Intent(name, IntentValues(level: decoded.level, tension: decoded.tension, pain: decoded.pain))
            else {
                await room.refuse(
                    id, ref: ref, code: "unknownIntent", message: "That intent is not one Tend knows, or it lacks its value (pain needs a level).")
                return
            }
            await room.handle(intent, ref: ref, from: id)
        default:
            await room.refuse(id, ref: decoded.ref, code: "unknownType", message: "Message types are hello, intent and ping.")
        }
    }
}

extension WebSocketMessage {
    /// The message's text, if it is a text message.
    fileprivate var text: String? {
        guard case .text(let text) = self else { return nil }
        return text
    }
}

/// A simple token bucket: `capacity` messages at once, refilled at `rate` per second.
struct TokenBucket {
    let rate: Double
    let capacity: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant?

    init(rate: Double, capacity: Double) {
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
    }

    mutating func take(at now: ContinuousClock.Instant) -> Bool {
        if let last {
            let elapsed = now - last
            tokens = min(capacity, tokens + (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * rate)
        }
        last = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
