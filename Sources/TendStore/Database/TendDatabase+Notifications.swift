import Foundation
import Logging
import NIOPosix
import PostgresNIO
import SQLKit

/// Messages between the instances of a hosted Tend, through PostgreSQL's `LISTEN`/`NOTIFY`. SQLite
/// serves one process, so there it says nothing and hears nothing.
extension TendDatabase {
    /// Tells every instance listening on `channel` (this one too). Payloads are short and hold
    /// nothing intimate.
    public func announce(_ payload: String, on channel: String) async throws(StoreError) {
        guard engine == .postgres else { return }
        try await withSession { database in
            try await database.raw("SELECT pg_notify(\(bind: channel), \(bind: payload))").run()
        }
    }

    /// Every payload announced on `channel`, for as long as the caller listens. A lost connection
    /// is made again after a short wait; what was announced meanwhile is missed, so listeners
    /// must treat this as a fast path beside their own checks.
    public func announcements(on channel: String, logger: Logger) -> AsyncStream<String> {
        guard case .postgres(_, _, let configuration) = backend else { return AsyncStream { $0.finish() } }
        return AsyncStream { continuation in
            let task = Task {
                var attempt = 0
                while !Task.isCancelled {
                    do {
                        let connection = try await PostgresConnection.connect(
                            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 0, logger: logger)
                        attempt = 0
                        try await connection.listen(on: channel) { notifications in
                            for try await notification in notifications {
                                continuation.yield(notification.payload)
                            }
                        }
                        try? await connection.close()
                    } catch {
                        logger.warning("listening for instance messages failed; trying again", metadata: ["channel": "\(channel)"])
                    }
                    attempt += 1
                    try? await Task.sleep(for: .milliseconds(min(5_000, 200 * attempt)))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
