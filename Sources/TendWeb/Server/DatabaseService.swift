import ServiceLifecycle
import TendStore

/// Keeps the database open while Tend runs, and closes it only after the HTTP server has
/// stopped, so writes in flight during a graceful shutdown still land.
struct DatabaseService: Service {
    let database: TendDatabase

    func run() async throws {
        try? await gracefulShutdown()
        await database.close()
    }
}
