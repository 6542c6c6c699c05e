import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOWebSocket
import Testing

@testable import TendWeb

/// A server message, decoded into the fields tests look at.
struct LiveMessage: Decodable, Sendable {
    let type: String
    let ref: String?
    let code: String?
    let version: Int?
    /// The same state type the server encodes, decoded.
    let state: Live.StateView?
    let signal: Live.SignalView?
}

/// One device on the live channel: sends JSON, waits for messages of a type, reports how it closed.
final class LiveDevice: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [LiveMessage] = []
    private var outgoing: AsyncStream<String>.Continuation?
    private var task: Task<WebSocketCloseFrame?, any Error>?

    /// Connects with a ticket; `origin` overrides the Origin header.
    static func connect(port: Int, ticket: String, origin: String? = nil) async throws -> LiveDevice {
        let device = LiveDevice()
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        device.outgoing = continuation
        var headers = HTTPFields()
        if let origin { headers[.origin] = origin }
        let ready = AsyncStream.makeStream(of: Void.self)
        device.task = Task {
            // If the server closes before the handler ever runs, stop waiting for it all the same.
            defer { ready.continuation.finish() }
            return try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/live/ws?ticket=\(ticket)", configuration: .init(additionalHeaders: headers),
                logger: Logger(label: "test-device")
            ) { inbound, outbound, _ in
                ready.continuation.finish()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await text in stream { try await outbound.write(.text(text)) }
                        // Cancelled: the server already closed; there is nothing left to close.
                        if !Task.isCancelled { try await outbound.close(.normalClosure, reason: nil) }
                    }
                    group.addTask {
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message else { continue }
                            let decoded = try JSONDecoder().decode(LiveMessage.self, from: Data(text.utf8))
                            device.lock.withLock { device.received.append(decoded) }
                        }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
        for await _ in ready.stream {}
        return device
    }

    func send(_ json: String) { outgoing?.yield(json) }

    func intent(_ name: String, ref: String, level: Int? = nil) {
        send(#"{"type":"intent","ref":"\#(ref)","intent":"\#(name)"\#(level.map { #","level":\#($0)"# } ?? "")}"#)
    }

    /// What a awaited message must carry; unset fields match anything.
    struct Want: Sendable {
        var ref: String?
        var kind: String?
        var phase: String?
        var paused: Bool?
        var agreementConfirmed: Bool?
        var version: Int?
        var signal: String?

        func accepts(_ message: LiveMessage) -> Bool {
            (ref == nil || message.ref == ref)
                && (kind == nil || message.state?.kind == kind)
                && (phase == nil || message.state?.phase?.rawValue == phase)
                && (paused == nil || message.state?.paused == paused)
                && (agreementConfirmed == nil || message.state?.agreementConfirmed == agreementConfirmed)
                && (version == nil || message.state?.version == version)
                && (signal == nil || message.signal?.signal == signal)
        }
    }

    /// Waits (up to five seconds) for the first message of `type` that has what `want` asks for, consuming it.
    func next(_ type: String, _ want: Want = Want(), sourceLocation: SourceLocation = #_sourceLocation) async throws -> LiveMessage {
        for _ in 0..<500 {
            let found: LiveMessage? = lock.withLock {
                guard let index = received.firstIndex(where: { $0.type == type && want.accepts($0) }) else { return nil }
                return received.remove(at: index)
            }
            if let found { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        let seen = lock.withLock { received.suffix(5).map { String(describing: $0).prefix(240) } }
        Issue.record("no \(type) message like \(want) arrived; last seen: \(seen)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Closes from this side, or waits for the server to close; returns the server's close frame.
    func close() async throws -> WebSocketCloseFrame? {
        outgoing?.finish()
        return try await task?.value
    }

    func closed() async throws -> WebSocketCloseFrame? {
        try await task?.value
    }
}

/// A paired partner session on a live server: receiver and giver browsers, session path and port.
struct PairedSession {
    let receiver: Browser
    let giver: Browser
    let livePath: String
    let port: Int

    var sessionID: String { String(livePath.split(separator: "/").last!) }

    /// Sets up a space and an agreement, starts a partner session, and joins a giver with the code.
    /// `start` is the form that begins it: a session of the method, or a step practised together.
    /// A receiver (a new one-person space, unless given) with a session started and a giver joined.
    static func make(
        client: any TestClientProtocol, receiver given: Browser? = nil, confirm: Bool = true, start: String = "/sessions/new-partner"
    ) async throws -> PairedSession {
        let receiver = given ?? Browser(client: client)
        if given == nil { try await receiver.setUpSpace() }
        try await receiver.post("/agreement", form: AgreementPageTests.complete)
        let started = try await receiver.post(start)
        let livePath = try #require(started.location)
        let page = try await receiver.get(livePath).text
        let code = try #require(page.firstMatch(of: /pairing-code">(\d{3}) (\d{3})/))
        let giver = Browser(client: client)
        let joined = try await giver.post("/join", form: ["code": "\(code.1)\(code.2)"])
        #expect(joined.location == livePath + "/giver")
        if confirm { try await giver.post(livePath + "/confirm") }
        return PairedSession(receiver: receiver, giver: giver, livePath: livePath, port: try #require(client.port))
    }

    func ticket(_ browser: Browser) async throws -> String {
        if browser.csrf == nil { try await browser.get("/healthz") }
        let response = try await browser.send(
            livePath + "/ticket", method: .post, headers: [.csrfToken: browser.csrf ?? ""], body: nil)
        #expect(response.status == .ok)
        return try #require(try response.json()["ticket"] as? String)
    }

    func connect(_ browser: Browser) async throws -> LiveDevice {
        let device = try await LiveDevice.connect(port: port, ticket: try await ticket(browser))
        device.send(#"{"type":"hello","lastVersion":0}"#)
        return device
    }
}

/// Runs a test against a live server on port 0 (with a hand-moved clock when one is given).
func withLiveApp(
    clock: ManualClock? = nil, hosted: Bool = false, _ body: @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-live-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    var config = AppConfig(port: 0, dataDirectory: folder.path, scryptCost: .testingOnly, logLevel: .warning)
    if hosted { config.hosting = .hosted(.open) }
    let app = try await buildApplication(config: config, clock: clock?.tendClock ?? .system)
    try await app.test(.live, body)
}
