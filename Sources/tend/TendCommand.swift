import ArgumentParser
import Foundation
import Logging
import TendWeb

@main
struct TendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tend",
        abstract: "Tend: a private practice companion for easing vaginismus, alone or with a partner.",
        discussion: """
            With no subcommand, Tend serves on http://127.0.0.1:8080 with its data in ./tend-data.
            Everything intimate is sealed with your passphrase; nothing leaves this machine.
            """,
        subcommands: [Serve.self, Migrate.self],
        defaultSubcommand: Serve.self
    )
}

/// Where Tend keeps its data, shared by every subcommand.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder for Tend's data (env: TEND_DATA_DIR; default: ./tend-data).")
    var dataDirectory: String?

    @Option(name: .customLong("database"), help: "A postgres:// URL for a hosted database (env: TEND_DATABASE_URL; default: SQLite in the data folder).")
    var databaseURL: String?

    func apply(to config: inout AppConfig, environment: [String: String]) {
        if let dataDirectory = dataDirectory ?? environment["TEND_DATA_DIR"] { config.dataDirectory = dataDirectory }
        config.databaseURL = databaseURL ?? environment["TEND_DATABASE_URL"]
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start Tend and serve it in the browser (the default).",
        discussion: "Stop with Ctrl-C: Tend finishes what it is writing, then exits."
    )

    @Option(help: "Address to listen on (env: TEND_HOST; default: 127.0.0.1, this computer only).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (env: TEND_PORT; default: 8080).")
    var port: Int?

    @Option(name: .customLong("auto-lock-minutes"), help: "Lock an unlocked space after this many idle minutes (env: TEND_AUTO_LOCK_MINUTES; default: 15).")
    var autoLockMinutes: Int?

    @Flag(help: "Serve your local network over TLS (a self-signed certificate kept in the data folder) so a partner's phone can join.")
    var lan = false

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if let port, !(0...65_535).contains(port) {
            throw ValidationError("--port must be between 0 and 65535.")
        }
        if let autoLockMinutes, !(1...1440).contains(autoLockMinutes) {
            throw ValidationError("--auto-lock-minutes must be between 1 and 1440 (a day).")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var config = AppConfig()
        storage.apply(to: &config, environment: environment)
        config.lan = lan
        if lan { config.host = "0.0.0.0" }
        if let host = host ?? environment["TEND_HOST"] { config.host = host }
        if let port {
            config.port = port
        } else if let text = environment["TEND_PORT"] {
            guard let port = Int(text), (0...65_535).contains(port) else {
                throw ValidationError("TEND_PORT must be a number between 0 and 65535, not \"\(text)\".")
            }
            config.port = port
        }
        if let minutes = autoLockMinutes {
            config.autoLockMinutes = minutes
        } else if let text = environment["TEND_AUTO_LOCK_MINUTES"] {
            guard let minutes = Int(text), (1...1440).contains(minutes) else {
                throw ValidationError("TEND_AUTO_LOCK_MINUTES must be a number of minutes between 1 and 1440, not \"\(text)\".")
            }
            config.autoLockMinutes = minutes
        }
        let app = try await buildApplication(config: config) { running in
            // Written straight to the file descriptor: a pipe must see these lines at once.
            var lines = "Tend is running at \(running.url)\n"
            if let fingerprint = running.certificateFingerprint {
                lines += "Certificate SHA-256 fingerprint (check it on the phone): \(fingerprint)\n"
            }
            FileHandle.standardOutput.write(Data(lines.utf8))
        }
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring the database up to date, and say which changes were applied.",
        discussion: "Serving does this by itself; run it directly before a hosted upgrade."
    )

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        var config = AppConfig()
        storage.apply(to: &config, environment: ProcessInfo.processInfo.environment)
        var logger = Logger(label: "tend")
        logger.logLevel = .warning
        let database = try await openDatabase(config: config, logger: logger)
        let applied: [String]
        do {
            applied = try await database.migrate()
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        if applied.isEmpty {
            print("The database is up to date; nothing to apply.")
        } else {
            print("Applied \(applied.count) migration\(applied.count == 1 ? "" : "s"):")
            applied.forEach { print("  \($0)") }
        }
    }
}
