import Foundation
import Hummingbird
import Logging
import NIOCore
import TendStore

/// The request context every Tend route sees.
public typealias TendRequestContext = BasicRequestContext

/// Builds the whole Tend application from one configuration. The `tend` command and the tests
/// call exactly this.
///
/// - Parameter onRunning: called with the real address once the server is listening (useful with port 0).
public func buildApplication(
    config: AppConfig, onRunning: @escaping @Sendable (String) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "tend")
    logger.logLevel = config.logLevel
    let database = try await openDatabase(config: config, logger: logger)
    for applied in try await database.migrate() {
        logger.info("applied migration \(applied)")
    }
    let router = try buildRouter(store: SQLStore(database: database))
    return Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Tend"),
        services: [DatabaseService(database: database)],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? config.port
            await onRunning("http://\(config.host):\(port)")
        },
        logger: logger
    )
}

/// Opens the configured database, creating the data folder for SQLite (readable by this user only).
public func openDatabase(config: AppConfig, logger: Logger) async throws -> TendDatabase {
    if config.databaseURL == nil {
        try FileManager.default.createDirectory(
            atPath: config.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
    return try await TendDatabase.open(location: config.databaseLocation, logger: logger)
}

/// Registers every route.
func buildRouter(store: SQLStore) throws -> Router<TendRequestContext> {
    let assets = try AssetLibrary.load()
    let router = Router(context: TendRequestContext.self)
    router.addMiddleware {
        SecurityHeadersMiddleware()
        ErrorPageMiddleware()
    }
    router.get(RouterPath(SiteRoute.health.path)) { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }
    router.get(RouterPath(SiteRoute.home.path)) { _, _ in
        let hasSpace = try await !store.owners().isEmpty
        return HTMLPage(HomePage.render(.init(hasSpace: hasSpace)))
    }
    router.get("/assets/:name") { request, context in
        let name = try context.parameters.require("name")
        guard let response = assets.response(name: name, request: request) else { throw HTTPError(.notFound) }
        return response
    }
    return router
}
