import Foundation
import SQLKit
import TendCore
import TendVault
import Testing

@testable import TendStore

/// A fresh, migrated database for one test, on either engine.
struct TestDatabase {
    let database: TendDatabase
    /// The SQLite file, for tests that inspect bytes on disk.
    let sqlitePath: String?
    /// The PostgreSQL schema, for tests that inspect table contents.
    let schema: String?
    private let cleanup: @Sendable () async -> Void

    static let postgresURL = ProcessInfo.processInfo.environment["TEND_TEST_POSTGRES_URL"]

    /// The engines to run the contract suite on. PostgreSQL runs when TEND_TEST_POSTGRES_URL is set
    /// (scripts/test always sets it); otherwise this says, once, that that half was skipped.
    static let engines: [DatabaseEngine] = {
        guard postgresURL != nil else {
            print("◇ TendStore contract suite: the PostgreSQL half was SKIPPED because TEND_TEST_POSTGRES_URL is not set (scripts/test sets it).")
            return [.sqlite]
        }
        return [.sqlite, .postgres]
    }()

    static func make(_ engine: DatabaseEngine) async throws -> TestDatabase {
        let name = "t" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-test-\(name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("tend.sqlite").path
            let database = try await TendDatabase.openSQLite(path: path)
            try await database.migrate()
            return TestDatabase(database: database, sqlitePath: path, schema: nil) {
                await database.close()
                try? FileManager.default.removeItem(at: folder)
            }
        case .postgres:
            let url = try #require(postgresURL)
            let admin = try TendDatabase.openPostgres(url: url)
            try await admin.withSession { database in
                try await database.raw("CREATE SCHEMA \(ident: name)").run()
            }
            let database = try TendDatabase.openPostgres(url: url, schema: name)
            try await database.migrate()
            return TestDatabase(database: database, sqlitePath: nil, schema: name) {
                await database.close()
                try? await admin.withSession { database in
                    try await database.raw("DROP SCHEMA \(ident: name) CASCADE").run()
                }
                await admin.close()
            }
        }
    }

    init(database: TendDatabase, sqlitePath: String?, schema: String?, cleanup: @escaping @Sendable () async -> Void) {
        self.database = database
        self.sqlitePath = sqlitePath
        self.schema = schema
        self.cleanup = cleanup
    }

    /// Runs a test body with a fresh database, cleaning up afterwards whatever happens.
    static func with(_ engine: DatabaseEngine, _ body: (TestDatabase) async throws -> Void) async throws {
        let test = try await make(engine)
        do {
            try await body(test)
        } catch {
            await test.cleanup()
            throw error
        }
        await test.cleanup()
    }

    /// A new space with its own keys, recorded in the database.
    func makeSpace(_ store: SQLStore, owner: String = UUID().uuidString) async throws -> UnlockedSpace {
        let (keyRing, _, dataKey) = try await KeyRing.create(passphrase: "a long test passphrase", cost: .testingOnly)
        let owner = OwnerID(rawValue: owner)
        try await store.createSpace(owner: owner, keyRing: keyRing, at: Date())
        return UnlockedSpace(owner: owner, key: dataKey)
    }
}
