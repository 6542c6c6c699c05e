import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The database engine behind a ``TendDatabase``.
public enum DatabaseEngine: String, Sendable {
    /// Embedded SQLite in the data folder: the default.
    case sqlite
    /// PostgreSQL, for hosted deployments shared by several instances.
    case postgres
}

/// A connection to Tend's database, SQLite or PostgreSQL, behind one SQLKit interface.
public final class TendDatabase: Sendable {
    /// Which engine this is.
    public let engine: DatabaseEngine
    let backend: Backend

    enum Backend: Sendable {
        case sqlite(SQLiteConnection, TransactionGate)
        case postgres(PostgresPool, Logger, PostgresConnection.Configuration)
    }

    private init(engine: DatabaseEngine, backend: Backend) {
        self.engine = engine
        self.backend = backend
    }

    /// Opens (creating if needed) the SQLite file at `path`, configured for durability and privacy:
    /// WAL, `synchronous=FULL`, `secure_delete=ON` (deleted content is overwritten), foreign keys on.
    public static func openSQLite(path: String, logger: Logger = Logger(label: "tend.store")) async throws(StoreError) -> TendDatabase {
        do {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            let database = TendDatabase(engine: .sqlite, backend: .sqlite(connection, TransactionGate()))
            let pragmas = [
                "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA secure_delete = ON",
                "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000",
            ]
            for pragma in pragmas {
                _ = try await connection.query(pragma)
            }
            return database
        } catch {
            throw .databaseUnavailable("could not open the SQLite database at \(path)")
        }
    }

    /// Connects to PostgreSQL at a `postgres://user:password@host:port/database` URL, optionally
    /// inside one schema (tests give each case a schema of its own).
    public static func openPostgres(
        url: String, schema: String? = nil, logger: Logger = Logger(label: "tend.store")
    ) throws(StoreError) -> TendDatabase {
        var configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw .unsupportedDatabaseURL
        }
        if let schema { configuration.searchPath = [schema] }
        let pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration),
            maxConnectionsPerEventLoop: 4,
            on: MultiThreadedEventLoopGroup.singleton)
        return TendDatabase(engine: .postgres, backend: .postgres(PostgresPool(pool: pool), logger, configuration.coreConfiguration))
    }

    /// Opens the database a `--database` value names: a postgres URL, or a SQLite file path.
    public static func open(location: String, logger: Logger = Logger(label: "tend.store")) async throws(StoreError) -> TendDatabase {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try openPostgres(url: location, logger: logger)
        }
        return try await openSQLite(path: location, logger: logger)
    }

    /// Runs `body` with a database session in which consecutive statements share one connection.
    func withSession<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws(StoreError) -> T {
        do {
            switch backend {
            case .sqlite(let connection, let gate):
                return try await gate.run { try await body(connection.sql()) }
            case .postgres(let pool, let logger, _):
                return try await pool.pool.database(logger: logger).sql().withSession(body)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .databaseUnavailable(String(describing: type(of: error)))
        }
    }

    /// Runs `body` inside a transaction: all of it is written, or none of it.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws(StoreError) -> T {
        try await withSession { database in
            try await database.raw("BEGIN").run()
            do {
                let result = try await body(database)
                try await database.raw("COMMIT").run()
                return result
            } catch {
                try? await database.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// After an erase: on SQLite, moves everything out of the write-ahead log and rebuilds the
    /// file, so deleted pages are gone from disk, not merely marked free. PostgreSQL keeps no
    /// readable trace once the wrapped keys are deleted, so there it does nothing.
    public func compact() async throws(StoreError) {
        guard engine == .sqlite else { return }
        try await withSession { database in
            for statement in ["PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"] {
                try await database.raw(SQLQueryString(statement)).run()
            }
        }
    }

    /// Closes connections. Call once, at shutdown.
    public func close() async {
        switch backend {
        case .sqlite(let connection, let gate):
            _ = try? await gate.run { try await connection.close() }
        case .postgres(let pool, _, _):
            try? await pool.pool.shutdownAsync()
        }
    }
}

/// AsyncKit's pool predates strict concurrency and is not marked `Sendable`, though it is built
/// to be shared across threads: every use goes through its own locks and event loops.
struct PostgresPool: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
}
