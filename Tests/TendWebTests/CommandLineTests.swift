import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs the real `tend` binary, as a person would.
@Suite("The tend command")
struct CommandLineTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func binary() throws -> URL {
        let candidates = ["debug", "x86_64-unknown-linux-gnu/debug", "aarch64-unknown-linux-gnu/debug"]
            .map { packageRoot.appendingPathComponent(".build/\($0)/tend") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            Issue.record("the tend binary is not built; run `swift build --build-tests` first (scripts/test does)")
            throw CocoaError(.fileNoSuchFile)
        }
        return found
    }

    @Test func servesOnAFreePortSaysWhereAndStopsGracefully() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("tend-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--port", "0", "--data-dir", data.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let line = try await Self.firstLine(of: output.fileHandleForReading, from: process)
        let match = try #require(line.wholeMatch(of: /Tend is running at http:\/\/127\.0\.0\.1:(\d+)/))
        let port = try #require(Int(match.1))
        #expect(port > 0 && port != 8080)

        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == "ok\n")
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("tend.sqlite").path))

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test func invitationsAreMadeAndCountedWithNothingElseShown() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("tend-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }

        let codes = try Self.run(["invites", "create", "--count", "2", "--data-dir", data.path])
            .split(separator: "\n").map(String.init)
        let counts = try Self.run(["invites", "--data-dir", data.path])
        let refused = try Self.run(["invites", "create", "--count", "0", "--data-dir", data.path])

        #expect(codes.count == 2 && Set(codes).count == 2)
        #expect(codes.allSatisfy { $0.wholeMatch(of: /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/) != nil })
        #expect(counts == "accounts: 0\ninvitations waiting: 2\n")
        #expect(refused.contains("--count must be between 1 and 1000"))
    }

    @Test func migrateSaysWhatItAppliedAndThenThatNothingIsPending() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("tend-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }

        let first = try Self.run(["migrate", "--data-dir", data.path])
        let second = try Self.run(["migrate", "--data-dir", data.path])

        #expect(first.contains("Applied 10 migrations:"))
        #expect(first.contains("1: owners and practice sessions"))
        #expect(first.contains("10: practitioners, the links people make with them"))
        #expect(second.contains("nothing to apply"))
    }

    @Test(arguments: [
        ([], ["serve", "migrate", "vaginismus"]),
        (["serve"], ["--port", "--host", "--data-dir", "--database", "free one", "--lan"]),
        (["migrate"], ["--data-dir", "--database", "up to date"]),
    ])
    func everyCommandExplainsItself(_ command: [String], mentions: [String]) throws {
        let help = try Self.run(command + ["--help"])
        #expect(help.contains("USAGE: tend"))
        for word in mentions {
            #expect(help.contains(word), "`tend \(command.joined(separator: " ")) --help` should mention \(word)")
        }
    }

    @Test func aPortOutOfRangeIsRefusedWithAClearMessage() throws {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--port", "70000"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()

        #expect(process.terminationStatus != 0)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("--port must be between 0 and 65535"))
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    /// The first line a process prints; after a minute without one, the process is stopped.
    static func firstLine(of handle: FileHandle, from process: Process) async throws -> String {
        try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                var bytes = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    bytes.append(chunk)
                    if bytes.contains(UInt8(ascii: "\n")) { break }
                }
                return String(decoding: bytes, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            }
            group.addTask {
                try await Task.sleep(for: .seconds(60))
                process.terminate()
                throw CancellationError()
            }
            let line = try await group.next()!
            group.cancelAll()
            return line
        }
    }
}
