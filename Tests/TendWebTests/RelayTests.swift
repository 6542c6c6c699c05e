import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import Synchronization
import TendCore
import Testing

@testable import TendStore
@testable import TendWeb

/// Two hosted instances on one PostgreSQL, sharing the instances' secret: the receiver's screen on
/// one, the partner's on the other, and the room relayed between them through `LISTEN`/`NOTIFY`.
/// Needs PostgreSQL (scripts/test starts one); scripts/test also runs this across two processes,
/// with a SIGKILL, in tests/adversarial/test_hosted.py.
@Suite("Live sessions across instances")
struct RelayTests {
    static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["TEND_TEST_POSTGRES_URL"]
        if url == nil {
            print("◇ Live sessions across instances: SKIPPED because TEND_TEST_POSTGRES_URL is not set (scripts/test sets it).")
        }
        return url
    }()

    /// A fresh database on the test cluster, and its URL.
    static func freshDatabase(_ url: String) async throws -> String {
        let name = "relay_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try TendDatabase.openPostgres(url: url)
        try await admin.withSession { database in
            try await database.raw("CREATE DATABASE \(ident: name)").run()
        }
        await admin.close()
        var components = try #require(URLComponents(string: url))
        components.path = "/" + name
        return try #require(components.string)
    }

    /// Two running instances (A and B) on one fresh database; B's body runs while A is stopped.
    static func withTwoInstances(
        _ whileBoth: @Sendable (_ a: any TestClientProtocol, _ b: any TestClientProtocol, _ databaseURL: String) async throws -> Void,
        afterAStops: @Sendable (_ b: any TestClientProtocol) async throws -> Void = { _ in }
    ) async throws {
        guard let url = postgresURL else { return }
        let databaseURL = try await freshDatabase(url)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-relay-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = AppConfig(port: 0, dataDirectory: folder.path, databaseURL: databaseURL, scryptCost: .testingOnly, logLevel: .warning)
        config.hosting = .hosted(.open)
        config.instanceSecret = "a test secret the two instances share, long enough"
        let first = try await buildApplication(config: config)
        let second = try await buildApplication(config: config)
        try await second.test(.live) { b in
            try await first.test(.live) { a in
                try await whileBoth(a, b, databaseURL)
            }
            try await afterAStops(b)
        }
    }

    static func ticket(_ browser: Browser, _ livePath: String) async throws -> String {
        if browser.csrf == nil { try await browser.get("/healthz") }
        let response = try await browser.send(livePath + "/ticket", method: .post, headers: [.csrfToken: browser.csrf ?? ""], body: nil)
        #expect(response.status == .ok)
        return try #require(try response.json()["ticket"] as? String)
    }

    static func connect(_ browser: Browser, _ livePath: String, port: Int) async throws -> LiveDevice {
        let device = try await LiveDevice.connect(port: port, ticket: try await ticket(browser, livePath))
        device.send(#"{"type":"hello","lastVersion":0}"#)
        return device
    }

    /// Signs up on A, writes the agreement, opens a partner session there (its room lives on A)
    /// and joins the partner through B with the code A showed.
    static func pair(a: any TestClientProtocol, b: any TestClientProtocol) async throws -> (receiver: Browser, giver: Browser, livePath: String) {
        let receiver = Browser(client: a)
        var form = ["name": "willow", "passphrase": HostedTests.passphrase, "confirmation": HostedTests.passphrase]
        form["invitation"] = nil
        #expect(try await receiver.post("/setup", form: form).status == .ok)
        try await receiver.post("/agreement", form: AgreementPageTests.complete)
        let livePath = try #require(try await receiver.post("/sessions/new-partner").location)
        let page = try await receiver.get(livePath).text
        let code = try #require(page.firstMatch(of: /pairing-code">(\d{3}) (\d{3})/))
        let giver = Browser(client: b)
        #expect(try await giver.post("/join", form: ["code": "\(code.1)\(code.2)"]).location == livePath + "/giver")
        let giverPage = try await giver.get(livePath + "/giver")
        #expect(giverPage.status == .ok)
        #expect(giverPage.text.contains("Your agreement"))
        try await giver.post(livePath + "/confirm")
        #expect(try await giver.get(livePath + "/giver").text.contains("You have confirmed it."))
        return (receiver, giver, livePath)
    }

    /// A pair as `pair` makes it, both screens connected (the receiver's to A, the partner's to B)
    /// and the session begun.
    static func started(a: any TestClientProtocol, b: any TestClientProtocol) async throws -> (
        receiver: Browser, giver: Browser, livePath: String, receiverDevice: LiveDevice, giverDevice: LiveDevice
    ) {
        let (receiver, giver, livePath) = try await pair(a: a, b: b)
        let giverDevice = try await connect(giver, livePath, port: try #require(b.port))
        _ = try await giverDevice.next("state", .init(agreementConfirmed: true))
        let receiverDevice = try await connect(receiver, livePath, port: try #require(a.port))
        _ = try await receiverDevice.next("state")
        receiverDevice.intent("start", ref: "r1")
        _ = try await receiverDevice.next("ack", .init(ref: "r1"))
        return (receiver, giver, livePath, receiverDevice, giverDevice)
    }

    @Test func theReceiverOnOneInstanceAndThePartnerOnTheOtherShareOneRoom() async throws {
        try await Self.withTwoInstances { a, b, _ in
            let (receiver, giver, livePath) = try await Self.pair(a: a, b: b)
            let giverDevice = try await Self.connect(giver, livePath, port: try #require(b.port))
            let confirmed = try await giverDevice.next("state", .init(agreementConfirmed: true))
            #expect(confirmed.state?.giverPresent == true)
            let receiverDevice = try await Self.connect(receiver, livePath, port: try #require(a.port))
            _ = try await receiverDevice.next("state")

            receiverDevice.intent("start", ref: "r1")
            _ = try await receiverDevice.next("ack", .init(ref: "r1"))
            _ = try await giverDevice.next("state", .init(kind: "phase"))
            receiverDevice.intent("softer", ref: "r2")
            #expect(try await giverDevice.next("signal").signal?.signal == "softer")
            giverDevice.intent("here", ref: "g1")
            #expect(try await giverDevice.next("ack", .init(ref: "g1")).version == 3)
            #expect(try await receiverDevice.next("signal", .init(signal: "here")).signal?.by == .giver)
            // The room's rules hold for a relayed device as for its own.
            giverDevice.intent("next", ref: "g2")
            #expect(try await giverDevice.next("error", .init(ref: "g2")).code == "onlyTheReceiverCan")
            giverDevice.send("not json")
            #expect(try await giverDevice.next("error").code == "unreadable")

            // The receiver's own screen may reach B too: it is relayed to the room on A.
            let receiverOnB = Browser(client: b)
            receiverOnB.adoptCookies(from: receiver)
            let secondScreen = try await Self.connect(receiverOnB, livePath, port: try #require(b.port))
            #expect(try await receiverDevice.closed()?.closeCode == .init(codeNumber: 4009))  // replaced by the newer screen
            _ = try await secondScreen.next("state")
            secondScreen.intent("pause", ref: "r3")
            _ = try await secondScreen.next("ack", .init(ref: "r3"))
            _ = try await giverDevice.next("state", .init(paused: true))

            // Removing the partner through B reaches the room on A, and closes the partner's screen on B.
            try await receiverOnB.post(livePath + "/remove-giver")
            #expect(try await giverDevice.closed()?.closeCode == .init(codeNumber: 4010))
            let saved = try await receiver.api(.get, "/api/v1/sessions/\(livePath.split(separator: "/").last!)").json()
            #expect(saved["version"] as? Int == 4)  // start, softer, here, pause: all saved by the room on A
            #expect(saved["paused"] as? Bool == true)
            _ = try await secondScreen.close()
        }
    }

    @Test func whenTheRoomsInstanceStopsBothScreensCarryOnThroughTheOther() async throws {
        try await Self.withTwoInstances { a, b, _ in
            let (receiver, giver, livePath, receiverDevice, giverDevice) = try await Self.started(a: a, b: b)
            receiverDevice.intent("holdStill", ref: "r2")
            _ = try await receiverDevice.next("ack", .init(ref: "r2"))
            _ = try await giverDevice.next("signal")
            // A stops: the partner's screen, relayed through B, is told to reconnect.
            Self.stash.withLock { $0 = (receiver, giver, livePath, giverDevice) }
        } afterAStops: { b in
            let (receiverOnA, giverOnB, livePath, oldGiverDevice) = try #require(Self.stash.withLock { $0 })
            #expect(try await oldGiverDevice.closed()?.closeCode == .init(codeNumber: 4011))
            let receiver = Browser(client: b)
            receiver.adoptCookies(from: receiverOnA)
            let giver = giverOnB
            // Both reconnect to B, which opens the room from what was saved; nothing acknowledged is lost.
            #expect(try await receiver.get(livePath).status == .ok)
            let receiverDevice = try await Self.connect(receiver, livePath, port: try #require(b.port))
            let state = try await receiverDevice.next("state")
            #expect(state.state?.version == 2)
            #expect(state.state?.signalCount == 1)
            #expect(state.state?.agreementConfirmed == true)
            let giverDevice = try await Self.connect(giver, livePath, port: try #require(b.port))
            _ = try await giverDevice.next("state")
            receiverDevice.intent("softer", ref: "r3")
            _ = try await receiverDevice.next("ack", .init(ref: "r3"))
            #expect(try await giverDevice.next("signal").signal?.signal == "softer")
            _ = try await receiverDevice.close()
            _ = try await giverDevice.close()
        }
    }

    @Test func whatArrivesOnAnInstancesChannelIsReadOnlyWhenSealedByAnInstanceAndInOrder() async throws {
        try await Self.withTwoInstances { a, b, databaseURL in
            let (_, _, _, receiverDevice, giverDevice) = try await Self.started(a: a, b: b)

            // Someone who can write to the database, but has not the instances' secret, sends to
            // both instances' channels: nonsense, a payload too large, and every payload the
            // instances sent each other so far, again. None of it is read.
            let database = try TendDatabase.openPostgres(url: databaseURL)
            let instances = try await database.withSession { database in
                try await database.raw("SELECT instance FROM live_instances").all().map { try $0.decode(column: "instance", as: String.self) }
            }
            #expect(instances.count == 2)
            let sent = try await Self.capture(on: instances.map(LiveRelay.channel(of:)), from: database) {
                giverDevice.intent("here", ref: "g1")
                _ = try await giverDevice.next("ack", .init(ref: "g1"))
                _ = try await receiverDevice.next("signal", .init(signal: "here"))
            }
            #expect(sent.count >= 2)  // the frame there, the ack back
            var hostile = sent
            for instance in instances {
                hostile.append((LiveRelay.channel(of: instance), "not sealed at all"))
                hostile.append((LiveRelay.channel(of: instance), String(repeating: "A", count: 7_999)))
            }
            try await database.notify(hostile)

            // The session went on exactly once: one signal, not two, and the devices still talk.
            receiverDevice.intent("softer", ref: "r2")
            let acked = try await receiverDevice.next("ack", .init(ref: "r2"))
            #expect(acked.version == 3)  // start, here, softer: the replayed "here" was not applied again
            #expect(try await giverDevice.next("signal", .init(signal: "softer")).signal?.index == 1)
            await database.close()
            _ = try await receiverDevice.close()
            _ = try await giverDevice.close()
        }
    }

    /// Every notification on `channels` while `body` runs, as (channel, payload).
    static func capture(
        on channels: [String], from database: TendDatabase, _ body: () async throws -> Void
    ) async throws -> [(channel: String, payload: String)] {
        let heard = Heard()
        let listeners = channels.map { channel in
            Task {
                for await payload in database.announcements(on: channel, logger: Logger(label: "test")) {
                    await heard.add(channel, payload)
                }
            }
        }
        try await Task.sleep(for: .milliseconds(300))  // listening before anything is sent
        try await body()
        try await Task.sleep(for: .milliseconds(300))
        listeners.forEach { $0.cancel() }
        return await heard.all
    }

    actor Heard {
        var all: [(channel: String, payload: String)] = []
        func add(_ channel: String, _ payload: String) { all.append((channel, payload)) }
    }

    /// What the first half of a test leaves for the second, across the stop.
    static let stash = Mutex<(Browser, Browser, String, LiveDevice)?>(nil)
}
