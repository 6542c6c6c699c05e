import Foundation
import Logging
import TendStore

/// Where a Tend keeps its data: SQLite in a data folder, or a PostgreSQL database.
public struct DataLocation: Sendable {
    /// Folder holding the embedded database and other local files.
    public var dataDirectory: String
    /// A `postgres://` URL for hosted deployments; nil means SQLite in the data folder.
    public var databaseURL: String?

    /// Names a location.
    public init(dataDirectory: String, databaseURL: String? = nil) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
    }

    /// Where the embedded SQLite database lives.
    public var sqlitePath: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("tend.sqlite").path
    }

    /// The `--database` location: the PostgreSQL URL, or the SQLite file.
    public var databaseLocation: String {
        databaseURL ?? sqlitePath
    }

    /// Opens the database, creating the data folder for SQLite (readable by this user only).
    public func openDatabase(logger: Logger) async throws -> TendDatabase {
        if databaseURL == nil {
            try FileManager.default.createDirectory(
                atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        return try await TendDatabase.open(location: databaseLocation, logger: logger)
    }

    /// Opens and migrates the database, runs `body` with its store, and closes it again.
    public func withStore<T>(_ body: (any Store) async throws -> T) async throws -> T {
        var logger = Logger(label: "tend")
        logger.logLevel = .warning
        let database = try await openDatabase(logger: logger)
        do {
            _ = try await database.migrate()
            let result = try await body(SQLStore(database: database))
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}
