import ArgumentParser
import Foundation
import Logging
import Prometheus
import TendApp
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
        subcommands: [Serve.self, Migrate.self, Export.self, Import.self, Erase.self, Invites.self],
        defaultSubcommand: Serve.self
    )
}

/// Where Tend keeps its data, shared by every subcommand.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder for Tend's data (env: TEND_DATA_DIR; default: ./tend-data).")
    var dataDirectory: String?

    @Option(name: .customLong("database"), help: "A postgres:// URL for a hosted database (env: TEND_DATABASE_URL; default: SQLite in the data folder).")
    var databaseURL: String?

    /// A configuration with these options (and the environment) applied.
    func makeConfig() -> AppConfig {
        let environment = ProcessInfo.processInfo.environment
        var config = AppConfig()
        if let dataDirectory = dataDirectory ?? environment["TEND_DATA_DIR"] { config.dataDirectory = dataDirectory }
        config.databaseURL = databaseURL ?? environment["TEND_DATABASE_URL"]
        return config
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

    @Option(name: .customLong("idle-timeout"), help: "Close a connection that sends nothing for this many seconds (default: 30).")
    var idleTimeout: Int?

    @Option(name: .customLong("max-connections"), help: "Serve at most this many connections at once; more wait their turn (default: 512).")
    var maxConnections: Int?

    @Option(name: .customLong("allow-host"), help: "Also answer to this host name, e.g. a name on your network (repeatable; env: TEND_ALLOWED_HOSTS, comma-separated).")
    var allowedHosts: [String] = []

    @Flag(help: "Serve your local network over TLS (a self-signed certificate kept in the data folder) so a partner's phone can join.")
    var lan = false

    @Flag(help: "Host Tend for many people, each signing in with a name they choose (env: TEND_HOSTED=1). Several instances can share one --database postgres://….")
    var hosted = false

    @Flag(name: .customLong("tls-at-proxy"), help: "A reverse proxy in front of Tend answers over HTTPS: cookies become Secure (env: TEND_TLS_AT_PROXY=1).")
    var tlsAtProxy = false

    @Option(name: .customLong("trusted-proxy"), help: "The address of a reverse proxy in front of Tend, whose X-Forwarded-For names the real client (repeatable; env: TEND_TRUSTED_PROXIES, comma-separated).")
    var trustedProxies: [String] = []

    @Option(name: .customLong("sign-up"), help: "Hosted: who may make an account: open, invitation (codes from `tend invites create`) or closed (env: TEND_SIGN_UP; default: invitation).")
    var signUp: String?

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if let port, !(0...65_535).contains(port) {
            throw ValidationError("--port must be between 0 and 65535.")
        }
        if let autoLockMinutes, !(1...1440).contains(autoLockMinutes) {
            throw ValidationError("--auto-lock-minutes must be between 1 and 1440 (a day).")
        }
        if let idleTimeout, !(1...3600).contains(idleTimeout) {
            throw ValidationError("--idle-timeout must be between 1 and 3600 seconds.")
        }
        if let maxConnections, !(1...100_000).contains(maxConnections) {
            throw ValidationError("--max-connections must be between 1 and 100000.")
        }
        if let signUp, SignUp(rawValue: signUp) == nil {
            throw ValidationError("--sign-up must be open, invitation or closed.")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var config = storage.makeConfig()
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
        config.extraHostNames = allowedHosts.isEmpty
            ? (environment["TEND_ALLOWED_HOSTS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            : allowedHosts
        if hosted || ["1", "true", "yes"].contains(environment["TEND_HOSTED"]?.lowercased() ?? "") {
            let text = signUp ?? environment["TEND_SIGN_UP"] ?? SignUp.invitation.rawValue
            guard let rule = SignUp(rawValue: text) else {
                throw ValidationError("TEND_SIGN_UP must be open, invitation or closed, not \"\(text)\".")
            }
            config.hosting = .hosted(rule)
            if let secret = environment["TEND_INSTANCE_SECRET"] {
                guard secret.count >= 32 else {
                    throw ValidationError("TEND_INSTANCE_SECRET must be at least 32 characters: make one with `openssl rand -base64 32`.")
                }
                config.instanceSecret = secret
            }
            let registry = PrometheusCollectorRegistry()
            Observability.bootstrap(registry)
            config.metrics = registry
        }
        config.tlsAtProxy = tlsAtProxy || ["1", "true", "yes"].contains(environment["TEND_TLS_AT_PROXY"]?.lowercased() ?? "")
        config.trustedProxies = trustedProxies.isEmpty
            ? (environment["TEND_TRUSTED_PROXIES"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            : trustedProxies
        if let idleTimeout { config.connectionLimits.idleTimeout = .seconds(Int64(idleTimeout)) }
        if let maxConnections { config.connectionLimits.maxConnections = maxConnections }
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
        let config = storage.makeConfig()
        var logger = Logger(label: "tend")
        logger.logLevel = .warning
        let database = try await config.dataLocation.openDatabase(logger: logger)
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

/// A passphrase from TEND_PASSPHRASE, or asked for without echo (or read as a line from a pipe).
func readPassphrase(_ prompt: String) throws -> String {
    if let passphrase = ProcessInfo.processInfo.environment["TEND_PASSPHRASE"] { return passphrase }
    if isatty(STDIN_FILENO) == 1, let typed = getpass(prompt) { return String(cString: typed) }
    FileHandle.standardError.write(Data(prompt.utf8))
    guard let line = readLine() else { throw ValidationError("No passphrase given.") }
    return line
}

/// Progress and messages go to standard error, so standard output can carry the export itself.
func say(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// A refusal worth one plain line, without the usage text a mistyped option gets.
struct Refused: Error, CustomStringConvertible {
    let description: String
}

/// Runs archive work, turning a refusal into its plain message.
func archiveWork<T>(_ work: () async throws -> T) async throws -> T {
    do {
        return try await work()
    } catch let error as ArchiveError {
        throw Refused(description: error.message)
    } catch let error as ValidationError {
        throw error
    } catch {
        // Never a raw internal error: say what happened and that nothing was lost.
        throw Refused(description: "Tend could not finish this (\(type(of: error))). Nothing was changed; please try again.")
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write everything in your space to one JSON file (or zipped CSV tables), unsealed.",
        discussion: "Asks for the passphrase (or reads TEND_PASSPHRASE). Anyone with the file can read it: keep it private. Only the JSON file can be imported again."
    )

    @Option(name: .shortAndLong, help: "File to write (default: standard output).")
    var output: String?

    @Flag(help: "Write spreadsheet tables instead: one CSV file per kind of record, in a zip file.")
    var csv = false

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let config = storage.makeConfig()
        let passphrase = try readPassphrase("Passphrase: ")
        let data = try await archiveWork { try await SpaceArchive.export(from: config.dataLocation, passphrase: passphrase, format: csv ? .csvZip : .json, progress: say) }
        if let output {
            FileManager.default.createFile(atPath: output, contents: nil, attributes: [.posixPermissions: 0o600])
            try data.write(to: URL(fileURLWithPath: output))
            say("Wrote \(data.count) bytes to \(output).")
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a new space from an export file, sealed with a new passphrase.",
        discussion: "The data folder must not have a space yet. Prints the new recovery key once: keep it safe."
    )

    @Argument(help: "The JSON file made by export.")
    var file: String

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let config = storage.makeConfig()
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file).") }
        let passphrase = try readPassphrase("New passphrase for the imported space: ")
        let recoveryKey = try await archiveWork {
            try await SpaceArchive.importExport(data, into: config.dataLocation, passphrase: passphrase, progress: say)
        }
        print("Imported. Your new recovery key (shown once — write it down and keep it safe):")
        print(recoveryKey)
    }
}

struct Erase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete your space and everything in it, leaving no trace in the database file.",
        discussion: "Cannot be undone. Asks you to type “\(SpaceArchive.eraseConfirmation)” (or give it with --confirm)."
    )

    @Option(help: "The confirmation, typed in advance (for scripts).")
    var confirm: String?

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let config = storage.makeConfig()
        let confirmation: String
        if let confirm {
            confirmation = confirm
        } else {
            say("This deletes everything in this Tend and cannot be undone. Type “\(SpaceArchive.eraseConfirmation)” to go ahead:")
            confirmation = readLine() ?? ""
        }
        let erased = try await archiveWork { try await SpaceArchive.erase(at: config.dataLocation, confirmation: confirmation) }
        print(erased ? "Erased. The database file has been rewritten without it." : "There was nothing to erase.")
    }
}

struct Invites: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hosted Tend: make invitation codes, or count accounts and waiting invitations.",
        discussion: "Counts are all an operator sees: no names, and nothing anyone keeps in their space.",
        subcommands: [Create.self, Count.self],
        defaultSubcommand: Count.self
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make invitation codes; each works once.")

        @Option(help: "How many codes to make (1 to 1000).")
        var count = 1

        @OptionGroup var storage: StorageOptions

        func validate() throws {
            guard (1...1000).contains(count) else { throw ValidationError("--count must be between 1 and 1000.") }
        }

        func run() async throws {
            let codes = try await storage.makeConfig().dataLocation.withStore { store in
                try await Invitations.create(count: count, in: store, at: Date())
            }
            print(codes.joined(separator: "\n"))
        }
    }

    struct Count: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "How many accounts there are, and how many invitations wait.")

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let (accounts, waiting) = try await storage.makeConfig().dataLocation.withStore { store in
                try await Invitations.counts(in: store)
            }
            print("accounts: \(accounts)\ninvitations waiting: \(waiting)")
        }
    }
}
