import SQLKit

/// One numbered, append-only schema change. Never edit a migration once released: add a new one.
struct Migration: Sendable {
    /// Position in the sequence, starting at 1, with no gaps.
    let number: Int
    /// What it does, shown by `tend migrate`.
    let name: String
    /// Statements for SQLite.
    let sqlite: [String]
    /// Statements for PostgreSQL.
    let postgres: [String]

    func statements(for engine: DatabaseEngine) -> [String] {
        engine == .sqlite ? sqlite : postgres
    }
}

extension Migration {
    /// Every migration, in order.
    static let all: [Migration] = [
        Migration(
            number: 1,
            name: "owners and practice sessions",
            sqlite: [
                """
                CREATE TABLE owners (
                    id TEXT PRIMARY KEY NOT NULL,
                    created_on INTEGER NOT NULL,
                    key_ring BLOB NOT NULL
                )
                """,
                """
                CREATE TABLE practice_sessions (
                    id TEXT PRIMARY KEY NOT NULL,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    created_on INTEGER NOT NULL,
                    version INTEGER NOT NULL CHECK (version >= 0),
                    sealed BLOB NOT NULL
                )
                """,
                "CREATE INDEX practice_sessions_by_owner ON practice_sessions (owner_id, created_on)",
            ],
            postgres: [
                """
                CREATE TABLE owners (
                    id TEXT PRIMARY KEY,
                    created_on INTEGER NOT NULL,
                    key_ring BYTEA NOT NULL
                )
                """,
                """
                CREATE TABLE practice_sessions (
                    id TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    created_on INTEGER NOT NULL,
                    version BIGINT NOT NULL CHECK (version >= 0),
                    sealed BYTEA NOT NULL
                )
                """,
                "CREATE INDEX practice_sessions_by_owner ON practice_sessions (owner_id, created_on)",
            ]),
        Migration(
            number: 2,
            name: "sealed records of other kinds (intakes, agreements, journal)",
            sqlite: [
                """
                CREATE TABLE sealed_records (
                    id TEXT PRIMARY KEY NOT NULL,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    created_on INTEGER NOT NULL,
                    sealed BLOB NOT NULL
                )
                """,
                "CREATE INDEX sealed_records_by_owner_kind ON sealed_records (owner_id, kind, created_on)",
            ],
            postgres: [
                """
                CREATE TABLE sealed_records (
                    id TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    created_on INTEGER NOT NULL,
                    sealed BYTEA NOT NULL
                )
                """,
                "CREATE INDEX sealed_records_by_owner_kind ON sealed_records (owner_id, kind, created_on)",
            ]),
        Migration(
            number: 3,
            name: "live signals in an append-only log beside their session",
            sqlite: [
                """
                CREATE TABLE session_signals (
                    session_id TEXT NOT NULL REFERENCES practice_sessions (id) ON DELETE CASCADE,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    sealed BLOB NOT NULL,
                    PRIMARY KEY (session_id, position)
                )
                """,
                "CREATE INDEX session_signals_by_owner ON session_signals (owner_id)",
            ],
            postgres: [
                """
                CREATE TABLE session_signals (
                    session_id TEXT NOT NULL REFERENCES practice_sessions (id) ON DELETE CASCADE,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    sealed BYTEA NOT NULL,
                    PRIMARY KEY (session_id, position)
                )
                """,
                "CREATE INDEX session_signals_by_owner ON session_signals (owner_id)",
            ]),
        Migration(
            number: 4,
            name: "calendar feeds, sealed under their own secret link",
            sqlite: [
                """
                CREATE TABLE calendar_feeds (
                    lookup TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL UNIQUE REFERENCES owners (id) ON DELETE CASCADE,
                    sealed BLOB NOT NULL
                )
                """
            ],
            postgres: [
                """
                CREATE TABLE calendar_feeds (
                    lookup TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL UNIQUE REFERENCES owners (id) ON DELETE CASCADE,
                    sealed BYTEA NOT NULL
                )
                """
            ]),
        Migration(
            number: 5,
            name: "session digests, sealed, for lists and progress",
            sqlite: ["ALTER TABLE practice_sessions ADD COLUMN digest BLOB"],
            postgres: ["ALTER TABLE practice_sessions ADD COLUMN digest BYTEA"]),
        Migration(
            number: 6,
            name: "unlock back-off per client, kept across restarts",
            sqlite: [
                """
                CREATE TABLE unlock_failures (
                    client TEXT PRIMARY KEY NOT NULL,
                    failures INTEGER NOT NULL CHECK (failures >= 0),
                    last_failure DOUBLE PRECISION NOT NULL
                )
                """
            ],
            postgres: [
                """
                CREATE TABLE unlock_failures (
                    client TEXT PRIMARY KEY NOT NULL,
                    failures INTEGER NOT NULL CHECK (failures >= 0),
                    last_failure DOUBLE PRECISION NOT NULL
                )
                """
            ]),
        Migration(
            number: 7,
            name: "hosted accounts, invitations, and unlocks any instance can use",
            sqlite: [
                """
                CREATE TABLE accounts (
                    name TEXT PRIMARY KEY NOT NULL,
                    owner_id TEXT NOT NULL UNIQUE REFERENCES owners (id) ON DELETE CASCADE,
                    created_on INTEGER NOT NULL
                )
                """,
                "CREATE TABLE invitations (digest TEXT PRIMARY KEY NOT NULL, created_on INTEGER NOT NULL)",
                """
                CREATE TABLE unlocked_keys (
                    lookup TEXT PRIMARY KEY NOT NULL,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    sealed_key BLOB NOT NULL,
                    last_seen DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX unlocked_keys_by_owner ON unlocked_keys (owner_id)",
            ],
            postgres: [
                """
                CREATE TABLE accounts (
                    name TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL UNIQUE REFERENCES owners (id) ON DELETE CASCADE,
                    created_on INTEGER NOT NULL
                )
                """,
                "CREATE TABLE invitations (digest TEXT PRIMARY KEY, created_on INTEGER NOT NULL)",
                """
                CREATE TABLE unlocked_keys (
                    lookup TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    sealed_key BYTEA NOT NULL,
                    last_seen DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX unlocked_keys_by_owner ON unlocked_keys (owner_id)",
            ]),
        Migration(
            number: 8,
            name: "partners' joins, kept where every instance finds them",
            sqlite: [
                """
                CREATE TABLE giver_tokens (
                    digest TEXT PRIMARY KEY NOT NULL,
                    session_id TEXT NOT NULL,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    created_on INTEGER NOT NULL
                )
                """,
                "CREATE INDEX giver_tokens_by_owner ON giver_tokens (owner_id)",
            ],
            postgres: [
                """
                CREATE TABLE giver_tokens (
                    digest TEXT PRIMARY KEY,
                    session_id TEXT NOT NULL,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    created_on INTEGER NOT NULL
                )
                """,
                "CREATE INDEX giver_tokens_by_owner ON giver_tokens (owner_id)",
            ]),
        Migration(
            number: 9,
            name: "partner sessions any instance can serve: pairing codes, connection tickets, the giver's view, where each room lives",
            sqlite: [
                """
                CREATE TABLE pairing_codes (
                    session_id TEXT PRIMARY KEY NOT NULL,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    digest TEXT NOT NULL UNIQUE,
                    sealed_code BLOB NOT NULL,
                    sealed_view BLOB NOT NULL,
                    expires_at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX pairing_codes_by_owner ON pairing_codes (owner_id)",
                """
                CREATE TABLE live_tickets (
                    digest TEXT PRIMARY KEY NOT NULL,
                    session_id TEXT NOT NULL,
                    participant TEXT NOT NULL,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    expires_at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX live_tickets_by_owner ON live_tickets (owner_id)",
                "DELETE FROM giver_tokens",
                "ALTER TABLE giver_tokens ADD COLUMN sealed_view BLOB NOT NULL DEFAULT ''",
                "ALTER TABLE giver_tokens ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0",
                "CREATE TABLE live_instances (instance TEXT PRIMARY KEY NOT NULL, seen_at DOUBLE PRECISION NOT NULL)",
                "CREATE TABLE live_homes (session_id TEXT PRIMARY KEY NOT NULL, instance TEXT NOT NULL)",
                "CREATE INDEX live_homes_by_instance ON live_homes (instance)",
            ],
            postgres: [
                """
                CREATE TABLE pairing_codes (
                    session_id TEXT PRIMARY KEY NOT NULL,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    digest TEXT NOT NULL UNIQUE,
                    sealed_code BYTEA NOT NULL,
                    sealed_view BYTEA NOT NULL,
                    expires_at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX pairing_codes_by_owner ON pairing_codes (owner_id)",
                """
                CREATE TABLE live_tickets (
                    digest TEXT PRIMARY KEY NOT NULL,
                    session_id TEXT NOT NULL,
                    participant TEXT NOT NULL,
                    owner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    expires_at DOUBLE PRECISION NOT NULL
                )
                """,
                "CREATE INDEX live_tickets_by_owner ON live_tickets (owner_id)",
                "DELETE FROM giver_tokens",
                "ALTER TABLE giver_tokens ADD COLUMN sealed_view BYTEA NOT NULL DEFAULT ''::bytea",
                "ALTER TABLE giver_tokens ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0",
                "CREATE TABLE live_instances (instance TEXT PRIMARY KEY NOT NULL, seen_at DOUBLE PRECISION NOT NULL)",
                "CREATE TABLE live_homes (session_id TEXT PRIMARY KEY NOT NULL, instance TEXT NOT NULL)",
                "CREATE INDEX live_homes_by_instance ON live_homes (instance)",
            ]),
        Migration(
            number: 10,
            name: "practitioners, the links people make with them, and what each side seals to the other",
            sqlite: [
                """
                CREATE TABLE practitioners (
                    owner_id TEXT PRIMARY KEY NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    display_name TEXT NOT NULL,
                    public_key BLOB NOT NULL,
                    created_on INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE link_codes (
                    digest TEXT PRIMARY KEY NOT NULL,
                    practitioner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    expires_at DOUBLE PRECISION NOT NULL
                )
                """,
                """
                CREATE TABLE practitioner_links (
                    id TEXT PRIMARY KEY NOT NULL,
                    person_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    practitioner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    sealed_pseudonym BLOB NOT NULL,
                    person_key BLOB NOT NULL,
                    created_on INTEGER NOT NULL,
                    UNIQUE (person_id, practitioner_id)
                )
                """,
                "CREATE INDEX practitioner_links_by_practitioner ON practitioner_links (practitioner_id)",
                """
                CREATE TABLE shares (
                    id TEXT PRIMARY KEY NOT NULL,
                    link_id TEXT NOT NULL REFERENCES practitioner_links (id) ON DELETE CASCADE,
                    sealed BLOB NOT NULL
                )
                """,
                "CREATE INDEX shares_by_link ON shares (link_id)",
                """
                CREATE TABLE offers (
                    id TEXT PRIMARY KEY NOT NULL,
                    link_id TEXT NOT NULL REFERENCES practitioner_links (id) ON DELETE CASCADE,
                    sealed BLOB NOT NULL
                )
                """,
                "CREATE INDEX offers_by_link ON offers (link_id)",
            ],
            postgres: [
                """
                CREATE TABLE practitioners (
                    owner_id TEXT PRIMARY KEY NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    display_name TEXT NOT NULL,
                    public_key BYTEA NOT NULL,
                    created_on INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE link_codes (
                    digest TEXT PRIMARY KEY NOT NULL,
                    practitioner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    expires_at DOUBLE PRECISION NOT NULL
                )
                """,
                """
                CREATE TABLE practitioner_links (
                    id TEXT PRIMARY KEY NOT NULL,
                    person_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    practitioner_id TEXT NOT NULL REFERENCES owners (id) ON DELETE CASCADE,
                    sealed_pseudonym BYTEA NOT NULL,
                    person_key BYTEA NOT NULL,
                    created_on INTEGER NOT NULL,
                    UNIQUE (person_id, practitioner_id)
                )
                """,
                "CREATE INDEX practitioner_links_by_practitioner ON practitioner_links (practitioner_id)",
                """
                CREATE TABLE shares (
                    id TEXT PRIMARY KEY NOT NULL,
                    link_id TEXT NOT NULL REFERENCES practitioner_links (id) ON DELETE CASCADE,
                    sealed BYTEA NOT NULL
                )
                """,
                "CREATE INDEX shares_by_link ON shares (link_id)",
                """
                CREATE TABLE offers (
                    id TEXT PRIMARY KEY NOT NULL,
                    link_id TEXT NOT NULL REFERENCES practitioner_links (id) ON DELETE CASCADE,
                    sealed BYTEA NOT NULL
                )
                """,
                "CREATE INDEX offers_by_link ON offers (link_id)",
            ]),
    ]
}

extension TendDatabase {
    /// Names of migrations not yet applied, in order.
    public func pendingMigrations() async throws(StoreError) -> [String] {
        let applied = try await withSession { database in
            try await Self.createLedger(database)
            return try await Self.appliedNumbers(database)
        }
        return Migration.all.filter { !applied.contains($0.number) }.map(Self.label)
    }

    /// Applies every pending migration, each in its own transaction, and returns their names.
    /// Safe to run from several instances at once on PostgreSQL (an advisory lock serialises them).
    @discardableResult
    public func migrate() async throws(StoreError) -> [String] {
        let engine = self.engine
        try await transaction { database in
            if engine == .postgres {
                try await database.raw("SELECT pg_advisory_xact_lock(\(literal: 7_263_001))").run()
            }
            try await Self.createLedger(database)
        }
        var appliedNow: [String] = []
        for migration in Migration.all {
            let applied = try await transaction { database in
                if engine == .postgres {
                    try await database.raw("SELECT pg_advisory_xact_lock(\(literal: 7_263_001))").run()
                }
                guard try await !Self.appliedNumbers(database).contains(migration.number) else { return false }
                for statement in migration.statements(for: engine) {
                    try await database.raw(SQLQueryString(stringLiteral: statement)).run()
                }
                try await database.raw(
                    """
                    INSERT INTO tend_migrations (number, name) VALUES (\(bind: migration.number), \(bind: migration.name))
                    """
                ).run()
                return true
            }
            if applied { appliedNow.append(Self.label(migration)) }
        }
        return appliedNow
    }

    /// Whether every migration this Tend knows has been applied (what `/readyz` asks).
    public func isMigrated() async throws(StoreError) -> Bool {
        try await pendingMigrations().isEmpty
    }

    private static func label(_ migration: Migration) -> String {
        "\(migration.number): \(migration.name)"
    }

    // The ledger is the one table that must exist before any numbered migration can be recorded.
    private static func createLedger(_ database: any SQLDatabase) async throws {
        try await database.raw(
            """
            CREATE TABLE IF NOT EXISTS tend_migrations (
                number INTEGER PRIMARY KEY NOT NULL,
                name TEXT NOT NULL
            )
            """
        ).run()
    }

    private static func appliedNumbers(_ database: any SQLDatabase) async throws -> Set<Int> {
        let rows = try await database.raw("SELECT number FROM tend_migrations").all()
        return Set(try rows.map { try $0.decode(column: "number", as: Int.self) })
    }
}
