import Foundation
import Hummingbird
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import NIOCore

/// Nanoseconds on a monotonic clock; every timing in this file uses it.
func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// One latency sample: when its message was sent, and how long it took in milliseconds.
typealias Sample = (sentAt: UInt64, milliseconds: Double)

/// Collects latencies from many connections.
actor LatencyLog {
    private(set) var relay: [Sample] = []
    private(set) var durable: [Sample] = []
    private(set) var sent = 0
    func sentOne() { sent += 1 }
    func relayed(_ sample: Sample) { relay.append(sample) }
    func acknowledged(_ sample: Sample) { durable.append(sample) }
}

/// Opens once the receiving side of a pair is connected, so no message is sent before anyone
/// can hear it (counting those as lost would measure the connection ramp, not the relay).
actor Readiness {
    private var ready = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func open() {
        ready = true
        waiting.forEach { $0.resume() }
        waiting = []
    }

    func wait() async {
        if !ready { await withCheckedContinuation { waiting.append($0) } }
    }
}

/// One paired sender/receiver's bookkeeping: when each numbered message left.
final class SendTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Int: UInt64] = [:]
    func record(_ index: Int, _ time: UInt64) { lock.withLock { times[index] = time } }
    func take(_ index: Int) -> UInt64? { lock.withLock { times.removeValue(forKey: index) } }
}

// MARK: - The floor: a bare Hummingbird WebSocket relay that only forwards frames

actor RelayRegistry {
    private var sockets: [String: WebSocketOutboundWriter] = [:]
    func join(_ key: String, _ writer: WebSocketOutboundWriter) { sockets[key] = writer }
    func leave(_ key: String) { sockets[key] = nil }
    func peer(_ key: String) -> WebSocketOutboundWriter? { sockets[key] }
}

/// `tend-bench floor --port N`: the framework's floor, for comparison.
func serveFloor(port: Int) async throws {
    let registry = RelayRegistry()
    let app = Application(
        router: Router(),
        server: .http1WebSocketUpgrade { request, _, _ in
            guard let path = request.path, let query = URLComponents(string: path)?.queryItems,
                let pair = query.first(where: { $0.name == "pair" })?.value,
                let role = query.first(where: { $0.name == "role" })?.value
            else { return .dontUpgrade }
            let me = "\(pair)-\(role)"
            let other = "\(pair)-\(role == "r" ? "g" : "r")"
            return .upgrade([:]) { inbound, outbound, _ in
                await registry.join(me, outbound)
                // A hello, as Tend sends its state on joining: the client knows it is listening.
                try await outbound.write(.text("{}"))
                for try await message in inbound.messages(maxSize: 4096) {
                    if case .text(let text) = message, let peer = await registry.peer(other) {
                        try? await peer.write(.text(text))
                    }
                }
                await registry.leave(me)
            }
        },
        configuration: .init(address: .hostname("127.0.0.1", port: port)),
        logger: { var logger = Logger(label: "floor"); logger.logLevel = .error; return logger }()
    )
    try await app.runService()
}

// MARK: - Load

struct LoadResult {
    let relay: [Sample]
    let durable: [Sample]
    let sent: Int
    let serverCPUSeconds: Double
    let generatorCPUSeconds: Double
    let serverRSSMiB: Double
    /// The steady stretch: the last 60 % of the run, once every connection is open and spread out.
    let steady: (serverCPUSeconds: Double, generatorCPUSeconds: Double, signals: Int)
    /// When the steady stretch began.
    let steadyFrom: UInt64

    /// Latencies in milliseconds, of every message or only of those sent in the steady stretch.
    func milliseconds(_ samples: [Sample], steadyOnly: Bool) -> [Double] {
        samples.filter { !steadyOnly || $0.sentAt >= steadyFrom }.map(\.milliseconds)
    }
}

func cpuSeconds(pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return .nan }
    let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
    return (user + system) / 100
}

/// CPU seconds of several processes together (the instances of one hosted Tend).
func cpuSeconds(pids: [Int32]) -> Double {
    pids.map { cpuSeconds(pid: $0) }.reduce(0, +)
}

func ownCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Drives `pairs` sender/receiver connection pairs at `rate` messages a second each for `seconds`.
/// `connect` opens one side and returns when it is ready; messages carry a per-pair index.
func drive(
    pairs: Int, rate: Double, seconds: Double, serverPIDs: [Int32],
    urls: (Int) async throws -> (sender: String, receiver: String),
    message: @escaping @Sendable (Int) -> String,
    receivedIndex: @escaping @Sendable (String) -> (kind: String, index: Int)?
) async throws -> LoadResult {
    let log = LatencyLog()
    let logger = { var logger = Logger(label: "load"); logger.logLevel = .critical; return logger }()
    var endpoints: [(String, String)] = []
    for pair in 0..<pairs { endpoints.append(try await urls(pair)) }
    let cpuBefore = (cpuSeconds(pids: serverPIDs), ownCPUSeconds())
    let deadline = nanoseconds() + UInt64(seconds * 1e9)
    let steadyFrom = deadline - UInt64(seconds * 0.6 * 1e9)
    // CPU over the steady stretch only, so connection set-up and hang-up do not count per signal.
    let steady = Task { () -> (Double, Double, Int) in
        try await Task.sleep(for: .seconds(seconds * 0.4))
        let start = (cpuSeconds(pids: serverPIDs), ownCPUSeconds(), await log.sent)
        try await Task.sleep(for: .nanoseconds(Int(deadline - min(deadline, nanoseconds()))))
        return (cpuSeconds(pids: serverPIDs) - start.0, ownCPUSeconds() - start.1, await log.sent - start.2)
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        for (senderURL, receiverURL) in endpoints {
            let times = SendTimes()
            let receiverListening = Readiness()
            group.addTask {
                defer { Task { await receiverListening.open() } }  // never leave the sender waiting
                _ = try? await WebSocketClient.connect(url: receiverURL, logger: logger) { inbound, outbound, _ in
                    // Hang up a little after the senders stop, whatever arrives.
                    let hangUp = Task {
                        try await Task.sleep(for: .nanoseconds(Int(deadline - min(deadline, nanoseconds())) + 2_500_000_000))
                        try await outbound.close(.normalClosure, reason: nil)
                    }
                    defer { hangUp.cancel() }
                    var heard = false
                    for try await frame in inbound.messages(maxSize: 1 << 16) {
                        if !heard {
                            heard = true
                            await receiverListening.open()
                        }
                        guard case .text(let text) = frame, let (kind, index) = receivedIndex(text), kind == "relay",
                            let sentAt = times.take(index)
                        else { continue }
                        await log.relayed((sentAt, Double(nanoseconds() - sentAt) / 1e6))
                    }
                }
            }
            group.addTask {
                await receiverListening.wait()
                _ = try? await WebSocketClient.connect(url: senderURL, logger: logger) { inbound, outbound, _ in
                    let acks = SendTimes()
                    let reader = Task {
                        for try await frame in inbound.messages(maxSize: 1 << 16) {
                            guard case .text(let text) = frame, let (kind, index) = receivedIndex(text), kind == "ack",
                                let sentAt = acks.take(index)
                            else { continue }
                            await log.acknowledged((sentAt, Double(nanoseconds() - sentAt) / 1e6))
                        }
                    }
                    var index = 0
                    // Spread the pairs over the first interval so they do not all fire together.
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0..<Int(1000 / rate))))
                    while nanoseconds() < deadline {
                        let now = nanoseconds()
                        times.record(index, now)
                        acks.record(index, now)
                        try await outbound.write(.text(message(index)))
                        await log.sentOne()
                        index += 1
                        try await Task.sleep(for: .milliseconds(Int(1000 / rate)))
                    }
                    try await Task.sleep(for: .milliseconds(1500))
                    reader.cancel()
                    try await outbound.close(.normalClosure, reason: nil)
                }
            }
        }
        try await group.waitForAll()
    }
    let rss = serverPIDs.compactMap(residentKilobytes(pid:)).reduce(0, +)
    let rssMiB = Double(rss) / 1024
    return LoadResult(
        relay: await log.relay, durable: await log.durable, sent: await log.sent,
        serverCPUSeconds: cpuSeconds(pids: serverPIDs) - cpuBefore.0, generatorCPUSeconds: ownCPUSeconds() - cpuBefore.1,
        serverRSSMiB: rssMiB, steady: try await steady.value, steadyFrom: steadyFrom)
}

func describe(_ name: String, _ result: LoadResult, unrelayedPerPair: Int, pairs: Int) {
    let lost = result.sent - unrelayedPerPair * pairs - result.relay.count
    let perSignal = result.serverCPUSeconds / Double(max(result.relay.count, 1)) * 1e6
    func latencies(steadyOnly: Bool) -> String {
        let relay = result.milliseconds(result.relay, steadyOnly: steadyOnly)
        let durable = result.milliseconds(result.durable, steadyOnly: steadyOnly)
        var text = String(format: "relay p50 %.2f ms, p99 %.2f ms", percentile(relay, 0.5), percentile(relay, 0.99))
        if !durable.isEmpty {
            text += String(format: "; durable ack p50 %.2f ms, p99 %.2f ms", percentile(durable, 0.5), percentile(durable, 0.99))
        }
        return text
    }
    var line = "  \(name): " + latencies(steadyOnly: false)
    line += String(format: "; sent %d, lost %d; server CPU %.2f s (%.0f µs/signal), RSS %.0f MiB; load generator CPU %.2f s",
        result.sent, lost, result.serverCPUSeconds, perSignal, result.serverRSSMiB, result.generatorCPUSeconds)
    line += "; steady stretch: " + latencies(steadyOnly: true)
    line += String(format: ", server %.0f µs/signal, load generator %.0f µs/signal (%d signals)",
        result.steady.serverCPUSeconds / Double(max(result.steady.signals, 1)) * 1e6,
        result.steady.generatorCPUSeconds / Double(max(result.steady.signals, 1)) * 1e6, result.steady.signals)
    print(line)
}

// MARK: - Orchestration

/// A paired partner session on the Tend under test: its id and the two clients' cookies.
struct PairedClients {
    let sessionPath: String
    let receiver: TendClient
    let giver: TendClient
}

func pairSessions(count: Int, receiver: TendClient, giverBase: String) async throws -> [PairedClients] {
    var pairs: [PairedClients] = []
    for _ in 0..<count {
        let (page, _, url) = try await receiver.requestFollowing("POST", "/sessions/new-partner", form: [:])
        let text = String(decoding: page, as: UTF8.self)
        guard let match = text.firstMatch(of: /pairing-code">(\d{3}) (\d{3})/), let path = url?.path else {
            throw BenchError("no pairing code on the partner page")
        }
        let giver = TendClient(base: giverBase)
        try await giver.request("GET", "/healthz")
        _ = try await giver.requestFollowing("POST", "/join", form: ["code": "\(match.1)\(match.2)"])
        _ = try await giver.requestFollowing("POST", path + "/confirm", form: [:])
        pairs.append(PairedClients(sessionPath: path, receiver: receiver, giver: giver))
    }
    return pairs
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func ticket(_ client: TendClient, _ path: String) async throws -> String {
    let (data, status) = try await client.request("POST", path + "/ticket")
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: String], let ticket = object["ticket"] else {
        throw BenchError("no ticket for \(path): HTTP \(status), cookies \(client.cookies)")
    }
    return ticket
}

/// Runs the live benchmark: the bare relay (floor) and Tend, side by side, at each load.
func liveFigures(options: Options) async throws {
    guard FileManager.default.isExecutableFile(atPath: options.binary) else {
        print("live figures: SKIPPED, \(options.binary) is not built")
        return
    }
    let loads: [(pairs: Int, rate: Double)] = options.liveLoads
    print("live signalling, \(options.liveSeconds) s per load (relay = sender → other device; durable ack = sender → ack after save):")
    for load in loads {
        print("\(load.pairs) pair(s) × \(Int(load.rate))/s:")
        // The floor, in its own process.
        let floorPort = freePort()
        let floor = Process()
        floor.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        floor.arguments = ["floor", "--port", "\(floorPort)"]
        floor.standardOutput = FileHandle.nullDevice
        floor.standardError = FileHandle.nullDevice
        try floor.run()
        try await Task.sleep(for: .milliseconds(500))
        let floorResult = try await drive(
            pairs: load.pairs, rate: load.rate, seconds: options.liveSeconds, serverPIDs: [floor.processIdentifier],
            urls: { pair in ("ws://127.0.0.1:\(floorPort)/relay?pair=\(pair)&role=r", "ws://127.0.0.1:\(floorPort)/relay?pair=\(pair)&role=g") },
            message: { #"{"i":\#($0)}"# },
            receivedIndex: { text in
                guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Int], let index = object["i"] else { return nil }
                return ("relay", index)
            })
        floor.terminate()
        floor.waitUntilExit()
        describe("floor (bare relay)", floorResult, unrelayedPerPair: 0, pairs: load.pairs)

        // Tend, with its data folder, pairing, agreement and durable saves.
        let data = try temporaryFolder("live")
        defer { try? FileManager.default.removeItem(at: data) }
        let (server, port) = try startServer(binary: options.binary, dataDirectory: data)
        let tendResult = try await driveTend(load: load, options: options, receiverPort: port, giverPort: port, servers: [server])
        describe("Tend", tendResult, unrelayedPerPair: 1, pairs: load.pairs)

        // Hosted on PostgreSQL: one instance, then the receiver on one and the giver on another,
        // every signal relayed between them through PostgreSQL.
        if let database = options.livePostgres {
            let (one, onePort) = try startServer(binary: options.binary, dataDirectory: data, hostedOn: database)
            let oneResult = try await driveTend(load: load, options: options, receiverPort: onePort, giverPort: onePort, servers: [one])
            describe("Tend hosted, one instance", oneResult, unrelayedPerPair: 1, pairs: load.pairs)
            let (a, aPort) = try startServer(binary: options.binary, dataDirectory: data, hostedOn: database)
            let (b, bPort) = try startServer(binary: options.binary, dataDirectory: data, hostedOn: database)
            let twoResult = try await driveTend(load: load, options: options, receiverPort: aPort, giverPort: bPort, servers: [a, b])
            describe("Tend hosted, receiver on A and giver on B", twoResult, unrelayedPerPair: 1, pairs: load.pairs)
        }
    }
}

/// Sets up a space (an account when hosted), an agreement and `load.pairs` paired sessions, with
/// the receivers on `receiverPort` and the givers on `giverPort`, drives them, and stops the servers.
func driveTend(
    load: (pairs: Int, rate: Double), options: Options, receiverPort: Int, giverPort: Int, servers: [Process]
) async throws -> LoadResult {
    defer {
        for server in servers {
            server.terminate()
            server.waitUntilExit()
        }
    }
    for port in Set([receiverPort, giverPort]) {
        while !(await healthAnswers(port: port)) { try await Task.sleep(for: .milliseconds(5)) }
    }
    let base = "http://127.0.0.1:\(receiverPort)"
    let receiver = TendClient(base: base)
    try await receiver.request("GET", "/healthz")
    if options.livePostgres != nil {
        let name = "bench-" + UUID().uuidString.prefix(8).lowercased()
        let passphrase = "benchmark passphrase"
        _ = try await receiver.requestFollowing("POST", "/setup", form: ["name": name, "passphrase": passphrase, "confirmation": passphrase])
    } else {
        try await receiver.request("GET", "/api/v1/space")
        try await receiver.request("POST", "/api/v1/space/setup", json: #"{"passphrase":"benchmark passphrase"}"#)
    }
    _ = try await receiver.requestFollowing("POST", "/agreement", form: [
        "durationMinutes": "60", "positions": "Lying down", "pauseSignal": "pause", "holdStillSignal": "hold",
        "endSignal": "end", "giverHelp": "breathe", "feedbackStyle": "softerFirmer", "notForeplayAgreed": "yes",
    ])
    let pairs = try await pairSessions(count: load.pairs, receiver: receiver, giverBase: "http://127.0.0.1:\(giverPort)")
    return try await drive(
        pairs: load.pairs, rate: load.rate, seconds: options.liveSeconds, serverPIDs: servers.map(\.processIdentifier),
        urls: { index in
            let pair = pairs[index]
            return ("ws://127.0.0.1:\(receiverPort)/live/ws?ticket=\(try await ticket(pair.receiver, pair.sessionPath))",
                    "ws://127.0.0.1:\(giverPort)/live/ws?ticket=\(try await ticket(pair.giver, pair.sessionPath))")
        },
        message: { index in
            index == 0 ? #"{"type":"intent","ref":"0","intent":"start"}"# : #"{"type":"intent","ref":"\#(index)","intent":"softer"}"#
        },
        receivedIndex: { text in
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
            switch object["type"] as? String {
            case "signal": return ((object["signal"] as? [String: Any])?["index"] as? Int).map { ("relay", $0 + 1) }
            case "ack": return (object["ref"] as? String).flatMap(Int.init).map { ("ack", $0) }
            default: return nil
            }
        })
}
