import Foundation
import SQLKit

/// Where each live room lives, for a hosted Tend whose instances share one PostgreSQL: every
/// instance notes that it is alive, and each open room names the instance that holds it. Rows hold
/// random identifiers and times, nothing about anyone. Times are PostgreSQL's own clock, so the
/// instances' clocks need not agree.
extension TendDatabase {
    /// Notes that `instance` is alive now.
    public func noteAlive(instance: String) async throws(StoreError) {
        try await withSession { database in
            try await database.raw(
                """
                INSERT INTO live_instances (instance, seen_at) VALUES (\(bind: instance), extract(epoch from clock_timestamp()))
                ON CONFLICT (instance) DO UPDATE SET seen_at = excluded.seen_at
                """
            ).run()
        }
    }

    /// Which of `instances` noted themselves alive within the last `seconds`.
    public func aliveInstances(among instances: [String], within seconds: Double) async throws(StoreError) -> Set<String> {
        guard !instances.isEmpty else { return [] }
        return try await withSession { database in
            var alive = Set<String>()
            for row in try await database.raw(
                """
                SELECT instance FROM live_instances
                WHERE instance IN (\(binds: instances)) AND seen_at > extract(epoch from clock_timestamp()) - \(bind: seconds)
                """
            ).all() {
                alive.insert(try row.decode(column: "instance", as: String.self))
            }
            return alive
        }
    }

    /// Makes `instance` the home of a session's room, unless another instance that is still alive
    /// holds it; returns the home either way. One statement, so two instances cannot both win.
    public func claimLiveHome(session: String, instance: String, staleAfter seconds: Double) async throws(StoreError) -> String {
        try await withSession { database in
            if let row = try await database.raw(
                """
                INSERT INTO live_homes (session_id, instance) VALUES (\(bind: session), \(bind: instance))
                ON CONFLICT (session_id) DO UPDATE SET instance = excluded.instance
                WHERE live_homes.instance = excluded.instance OR NOT EXISTS (
                    SELECT 1 FROM live_instances i
                    WHERE i.instance = live_homes.instance AND i.seen_at > extract(epoch from clock_timestamp()) - \(bind: seconds))
                RETURNING instance
                """
            ).first() {
                return try row.decode(column: "instance", as: String.self)
            }
            guard let row = try await database.raw("SELECT instance FROM live_homes WHERE session_id = \(bind: session)").first() else {
                throw StoreError.databaseUnavailable("a room's home vanished while it was claimed")
            }
            return try row.decode(column: "instance", as: String.self)
        }
    }

    /// The instance holding a session's room, if it is alive.
    public func liveHome(session: String, staleAfter seconds: Double) async throws(StoreError) -> String? {
        try await withSession { database in
            try await database.raw(
                """
                SELECT h.instance FROM live_homes h JOIN live_instances i ON i.instance = h.instance
                WHERE h.session_id = \(bind: session) AND i.seen_at > extract(epoch from clock_timestamp()) - \(bind: seconds)
                """
            ).first().map { try $0.decode(column: "instance", as: String.self) }
        }
    }

    /// The sessions whose rooms `instance` is the home of.
    public func liveHomes(of instance: String) async throws(StoreError) -> Set<String> {
        try await withSession { database in
            Set(try await database.raw("SELECT session_id FROM live_homes WHERE instance = \(bind: instance)").all()
                .map { try $0.decode(column: "session_id", as: String.self) })
        }
    }

    /// Gives up being the home of these sessions' rooms.
    public func releaseLiveHomes(_ sessions: [String], instance: String) async throws(StoreError) {
        guard !sessions.isEmpty else { return }
        try await withSession { database in
            try await database.raw(
                "DELETE FROM live_homes WHERE instance = \(bind: instance) AND session_id IN (\(binds: sessions))"
            ).run()
        }
    }

    /// An instance stopping: its rooms are free for another to take at once.
    public func leaveLive(instance: String) async throws(StoreError) {
        try await transaction { database in
            try await database.raw("DELETE FROM live_homes WHERE instance = \(bind: instance)").run()
            try await database.raw("DELETE FROM live_instances WHERE instance = \(bind: instance)").run()
        }
    }

    /// Sends several notifications in one statement, in order. Called one batch after another,
    /// each batch is committed before the next begins, so listeners hear them in the order sent.
    public func notify(_ messages: [(channel: String, payload: String)]) async throws(StoreError) {
        guard engine == .postgres, !messages.isEmpty else { return }
        try await withSession { database in
            try await database.raw(
                """
                SELECT pg_notify(m.channel, m.payload) FROM unnest(\(bind: messages.map(\.channel))::text[], \(bind: messages.map(\.payload))::text[])
                    WITH ORDINALITY AS m(channel, payload, position) ORDER BY m.position
                """
            ).run()
        }
    }
}
