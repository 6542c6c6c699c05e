// Tend's foundation benchmarks. Prints figures and how to reproduce them; asserts nothing.
//
//   swift build -c release --product tend && swift build -c release --product tend-bench
//   .build/release/tend-bench [--runs N] [--binary .build/release/tend]
import Foundation
import TendCore
import TendStore
import TendVault

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

struct Options {
    var runs = 5
    var binary = ".build/release/tend"
    var only: String?
    var liveSeconds = 10.0
    var liveLoads: [(pairs: Int, rate: Double)] = [(1, 1), (100, 1), (1000, 1), (1000, 10)]
    /// A PostgreSQL database to also run the live figures hosted on: one instance, then two.
    var livePostgres: String?

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--runs": runs = iterator.next().flatMap(Int.init) ?? runs
            case "--binary": binary = iterator.next() ?? binary
            case "--only": only = iterator.next()
            case "--live-postgres": livePostgres = iterator.next()
            case "--live-seconds": liveSeconds = iterator.next().flatMap(Double.init) ?? liveSeconds
            case "--live-loads":
                liveLoads = (iterator.next() ?? "").split(separator: ",").compactMap { item in
                    let parts = item.split(separator: "x")
                    guard parts.count == 2, let pairs = Int(parts[0]), let rate = Double(parts[1]) else { return nil }
                    return (pairs, rate)
                }
            default: print("unknown argument \(argument) (known: --runs N, --binary PATH, --only foundation|web|live, --live-seconds S, --live-loads 1x1,100x1, --live-postgres URL)")
            }
        }
    }
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

func milliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

func measure(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func temporaryFolder(_ name: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-bench-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

// MARK: - Cold start and idle memory

func healthAnswers(port: Int) async -> Bool {
    guard let url = URL(string: "http://127.0.0.1:\(port)/healthz"),
        let (_, response) = try? await URLSession.shared.data(from: url)
    else { return false }
    return (response as? HTTPURLResponse)?.statusCode == 200
}

func freePort() -> Int {
    let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}

func residentKilobytes(pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return nil }
    return Int(line.split(separator: " ").dropFirst().first ?? "")
}

/// Starts a `tend serve` on a free port with its output discarded.
/// Starts `tend serve` on a free port: one person's Tend in `dataDirectory`, or hosted on the
/// PostgreSQL database `hostedOn` (open sign-up, the instances' shared secret set).
func startServer(binary: String, dataDirectory: URL, hostedOn database: String? = nil) throws -> (Process, Int) {
    let port = freePort()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    // The live figures open up to 2,000 connections at once: above the default cap of 512.
    process.arguments = ["serve", "--port", "\(port)", "--data-dir", dataDirectory.path, "--max-connections", "10000"]
    if let database {
        process.arguments! += ["--hosted", "--sign-up", "open", "--database", database]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["TEND_INSTANCE_SECRET": "the benchmark's shared secret for its instances"]) { $1 }
    }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return (process, port)
}

func coldStart(options: Options) async throws {
    guard FileManager.default.isExecutableFile(atPath: options.binary) else {
        print("cold start: SKIPPED, \(options.binary) is not built (swift build -c release --product tend)")
        return
    }
    var startTimes: [Double] = []
    var idleKilobytes: [Double] = []
    for run in 0..<options.runs {
        let data = try temporaryFolder("start")
        defer { try? FileManager.default.removeItem(at: data) }
        let started = ContinuousClock.now
        let (process, port) = try startServer(binary: options.binary, dataDirectory: data)
        while !(await healthAnswers(port: port)) {
            try await Task.sleep(for: .milliseconds(2))
            guard process.isRunning, ContinuousClock.now - started < .seconds(30) else { break }
        }
        let elapsed = ContinuousClock.now - started
        startTimes.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
        if run == 0 || run == options.runs - 1 {
            try await Task.sleep(for: .seconds(2))
            if let kilobytes = residentKilobytes(pid: process.processIdentifier) { idleKilobytes.append(Double(kilobytes)) }
        }
        process.terminate()
        process.waitUntilExit()
    }
    print("cold start to first /healthz 200 (fresh data folder, \(options.runs) runs): median \(milliseconds(percentile(startTimes, 0.5))), max \(milliseconds(startTimes.max() ?? .nan))")
    print(String(format: "resident memory idle, 2 s after start: %.1f MiB", percentile(idleKilobytes, 0.5) / 1024))
}

// MARK: - Keys and sealing

func unlockCost(options: Options) async throws {
    let (keyRing, _, _) = try await KeyRing.create(passphrase: "benchmark passphrase")
    var times: [Double] = []
    for _ in 0..<options.runs {
        times.append(try await measure { _ = try await keyRing.unlock(passphrase: "benchmark passphrase") })
    }
    print("unlock (scrypt N=2^17 r=8 p=1 + unwrap, \(options.runs) runs): median \(milliseconds(percentile(times, 0.5))), max \(milliseconds(times.max() ?? .nan))")
}

func sealing() async throws {
    let (_, _, key) = try await KeyRing.create(passphrase: "benchmark passphrase", cost: .testingOnly)
    let binding = RecordBinding(owner: OwnerID(rawValue: "bench"), kind: "bench", id: "r1")
    for size in [256, 4096, 65_536] {
        let plaintext = Data((0..<size).map { UInt8(truncatingIfNeeded: $0) })
        let count = max(2000, 50_000_000 / size)
        var sealed = Data()
        let sealTime = try await measure { for _ in 0..<count { sealed = try key.seal(plaintext, for: binding) } }
        let openTime = try await measure { for _ in 0..<count { _ = try key.open(sealed, for: binding) } }
        let megabytes = Double(size * count) / 1_048_576
        print(String(format: "seal %6d-byte records: %9.0f records/s, %7.1f MiB/s | open: %9.0f records/s, %7.1f MiB/s",
            size, Double(count) / sealTime, megabytes / sealTime, Double(count) / openTime, megabytes / openTime))
    }
}

// MARK: - Save after transition

func saveAfterTransition(options: Options) async throws {
    let folder = try temporaryFolder("save")
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = try await TendDatabase.openSQLite(path: folder.appendingPathComponent("tend.sqlite").path)
    try await database.migrate()
    let store = SQLStore(database: database)
    let (keyRing, _, key) = try await KeyRing.create(passphrase: "benchmark passphrase", cost: .testingOnly)
    let owner = OwnerID(rawValue: "bench")
    try await store.createSpace(owner: owner, keyRing: keyRing, at: Date())
    let space = UnlockedSpace(owner: owner, key: key)
    let engine = SessionEngine(program: try Program.standard())
    var now = Date()
    var times: [Double] = []
    for index in 0..<20 {
        var session = engine.newSession(id: SessionID(rawValue: "s\(index)"), owner: owner, mode: .solo, at: now)
        session = try engine.apply(SessionEvent(.start, by: .alone), to: session, at: now)
        try await store.save(session, in: space)
        while !session.isFinished {
            now += 30
            let intent: Intent = session.position.map { if case .point = $0 { return .rate(tension: 3, pain: 1) } else { return .next } } ?? .next
            session = try engine.apply(SessionEvent(intent, by: .alone), to: session, at: now)
            if case .rate = intent { session = try engine.apply(SessionEvent(.next, by: .alone), to: session, at: now) }
            let current = session
            times.append(try await measure { try await store.save(current, in: space) })
        }
    }
    await database.close()
    print("save after a transition, SQLite WAL synchronous=FULL (\(times.count) saves): p50 \(milliseconds(percentile(times, 0.5))), p99 \(milliseconds(percentile(times, 0.99))), max \(milliseconds(times.max() ?? .nan))")
}

if CommandLine.arguments.dropFirst().first == "floor" {
    let port = CommandLine.arguments.firstIndex(of: "--port").flatMap { Int(CommandLine.arguments[$0 + 1]) } ?? 9099
    try await serveFloor(port: port)
    exit(0)
}

let options = Options(CommandLine.arguments)
print("Tend benchmarks — \(ProcessInfo.processInfo.activeProcessorCount) cores, runs=\(options.runs)")
print("reproduce: swift build -c release --product tend && swift build -c release --product tend-bench && .build/release/tend-bench --runs \(options.runs)")
if options.only == nil || options.only == "foundation" {
    try await coldStart(options: options)
    try await unlockCost(options: options)
    try await sealing()
    try await saveAfterTransition(options: options)
}
if options.only == nil || options.only == "web" {
    try await webFigures(options: options)
}
if options.only == nil || options.only == "live" {
    try await liveFigures(options: options)
}
