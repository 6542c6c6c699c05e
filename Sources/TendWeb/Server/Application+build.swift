import Foundation
import Hummingbird
import Logging
import NIOCore
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import ServiceLifecycle
import TendApp
import TendCore
import TendStore

/// Where a running Tend can be reached.
public struct RunningAddress: Sendable {
    /// e.g. `http://127.0.0.1:8080`, or `https://192.168.1.20:8080` with `--lan`.
    public let url: String
    /// The SHA-256 fingerprint of the `--lan` certificate, for checking on the phone.
    public let certificateFingerprint: String?
}

/// Builds the whole Tend application from one configuration. The `tend` command and the tests
/// call exactly this.
///
/// - Parameters:
///   - clock: the time source (tests pass a controllable one).
///   - ids: the identifier source.
///   - onRunning: called with the real address once the server is listening (useful with port 0).
public func buildApplication(
    config: AppConfig, clock: TendClock = .system, ids: IdentifierSource = .random,
    onRunning: @escaping @Sendable (RunningAddress) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "tend")
    logger.logLevel = config.logLevel
    let program = try Program.standard()
    let database = try await config.dataLocation.openDatabase(logger: logger)
    let applied: [String]
    do {
        applied = try await database.migrate()
    } catch {
        await database.close()  // closed before it goes, whatever went wrong
        throw error
    }
    for migration in applied {
        logger.info("applied migration \(migration)")
    }
    let store = SQLStore(database: database)
    let engine = SessionEngine(program: program)
    // Hosted on PostgreSQL with a shared secret, rooms and devices may sit on different instances.
    let relay: LiveRelay? = if config.hosting.isHosted, database.engine == .postgres, let secret = config.instanceSecret {
        LiveRelay(database: database, secret: secret, logger: logger)
    } else {
        nil
    }
    if config.hosting.isHosted, database.engine == .postgres, relay == nil {
        logger.warning("TEND_INSTANCE_SECRET is not set: each instance serves only the partner sessions it opened")
    }
    let rooms = LiveRooms(
        store: store, clock: clock, pairingSecret: Data((config.instanceSecret ?? randomToken()).utf8), relay: relay)
    await relay?.attach(rooms)
    let autoLock = TimeInterval(config.autoLockMinutes * 60)
    let closeRooms: @Sendable (OwnerID) async -> Void = { owner in await rooms.close(owner: owner) }
    // Hosted, unlocks live in the database (sealed under each browser's token) so any instance
    // can serve any request; one person's Tend keeps them in this process's memory only.
    let keeper: any KeyKeeper = config.hosting.isHosted
        ? SharedKeeper(store: store, autoLock: autoLock, clock: clock, forgotten: closeRooms)
        : SpaceKeeper(store: store, autoLock: autoLock, clock: clock, forgotten: closeRooms)
    let identity = config.lan ? try TLSIdentity.loadOrCreate(in: config.tlsDirectory) : nil
    let router = try buildRouter(
        space: Spaces(hosting: config.hosting, store: store, keeper: keeper, cost: config.scryptCost, clock: clock, ids: ids),
        keeper: keeper,
        practice: PracticeService(store: store, engine: engine, clock: clock, ids: ids),
        rooms: rooms,
        config: config, fingerprint: identity?.fingerprint,
        ready: { (try? await database.isMigrated()) == true })
    var services: [any Service] = [DatabaseService(database: database), AutoLockService(keeper: keeper)]
    if config.hosting.isHosted { services.append(LockAnnouncementsService(store: store, rooms: rooms)) }
    if let relay { services.append(LiveRelayService(relay: relay)) }
    let limits = config.connectionLimits
    var server = HTTPServerBuilder { responder in
        GuardedChannel(
            base: HTTP1WebSocketUpgradeChannel(
                responder: responder,
                configuration: .init(
                    http1: .init(idleTimeout: limits.idleTimeout),
                    ws: .init(maxFrameSize: Live.maximumFrameBytes, closeTimeout: .seconds(2))
                )
            ) { request, channel, _ in
                await LiveSocket.shouldUpgrade(request, channel: channel, rooms: rooms)
            },
            limits: limits)
    }
    if let identity {
        server = try .tls(server, tlsConfiguration: identity.serverConfiguration())
    }
    return Application(
        responder: HeadAsGet(base: router.buildResponder()),
        server: server,
        configuration: .init(
            address: .hostname(config.host, port: config.port), serverName: "Tend",
            availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)),
        services: services,
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? config.port
            let host = config.lan && (config.host == "0.0.0.0" || config.host == "::") ? TLSIdentity.lanAddresses().first ?? config.host : config.host
            await onRunning(RunningAddress(url: "\(identity == nil ? "http" : "https")://\(host):\(port)", certificateFingerprint: identity?.fingerprint))
        },
        logger: logger
    )
}

/// Registers every route.
func buildRouter(
    space: Spaces, keeper: any KeyKeeper, practice: PracticeService, rooms: LiveRooms, config: AppConfig, fingerprint: String?,
    ready: @escaping @Sendable () async -> Bool
) throws -> Router<TendRequestContext> {
    let assets = try AssetLibrary.load()
    guard let openAPIURL = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
        throw AssetLibrary.AssetMissing(name: "openapi.json")
    }
    let openAPIData = try Data(contentsOf: openAPIURL)
    let openAPIDocument = ByteBuffer(bytes: openAPIData)
    let schemas = try RequestSchemas(document: openAPIData)
    let router = Router(context: TendRequestContext.self)
    if config.servesHTTPS {
        router.addMiddleware { SecureCookiesMiddleware() }
    }
    if config.metrics != nil {
        router.addMiddleware { MetricsMiddleware() }
    }
    if !config.trustedProxies.isEmpty {
        router.addMiddleware { ForwardedForMiddleware(trusted: Set(config.trustedProxies)) }
    }
    router.addMiddleware {
        SecurityHeadersMiddleware()
        ErrorMiddleware()
        HostMiddleware(config: config)
        APIMethodsMiddleware(methods: schemas.methods)
        CSRFMiddleware()
        SpaceCookieMiddleware(keeper: keeper)
        DiscreetMiddleware()
    }
    router.get(SiteRoute.health.pattern) { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }
    if let metrics = config.metrics {
        // For the operator's Prometheus; keep it behind the proxy (docs/hosting.md).
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
        }
    }
    // Ready to serve: the database answers and every migration this Tend knows is applied.
    router.get(SiteRoute.ready.pattern) { _, _ in
        let isReady = await ready()
        return Response(
            status: isReady ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: isReady ? "ready\n" : "not ready: the database cannot be reached or is not up to date\n")))
    }
    // The service worker is served from the root, so it may look after every page of Tend.
    router.get(SiteRoute.serviceWorker.pattern) { request, _ in
        guard let response = assets.response(name: Asset.serviceWorker.rawValue, request: request) else { throw HTTPError(.notFound) }
        return response
    }
    router.get(SiteRoute.manifest.pattern) { _, context in
        InstallablePages.manifest(chrome: Chrome(context: context))
    }
    router.get(SiteRoute.offline.pattern) { _, context in
        var response = HTMLPage(InstallablePages.offline(chrome: Chrome(context: context))).response()
        response.headers[.cacheControl] = "no-cache"  // kept by the service worker; it holds nothing personal
        return response
    }
    router.get("/assets/:name") { request, context in
        let name = try context.parameters.require("name")
        guard let response = assets.response(name: name, request: request) else { throw HTTPError(.notFound) }
        return response
    }
    SpaceController(space: space, program: practice.engine.program).register(on: router)
    PracticeController(space: space, practice: practice).register(on: router)
    WellbeingController(store: practice.store, clock: practice.clock, ids: practice.ids).register(on: router)
    AgreementController(store: practice.store, clock: practice.clock, ids: practice.ids).register(on: router)
    JournalController(store: practice.store, clock: practice.clock, program: practice.engine.program).register(on: router)
    RemindersController(store: practice.store, clock: practice.clock, secure: config.servesHTTPS).register(on: router)
    YourDataController(store: practice.store, keeper: keeper, rooms: rooms, program: practice.engine.program).register(on: router)
    LiveController(rooms: rooms, practice: practice, certificateFingerprint: fingerprint, secure: config.servesHTTPS).register(on: router)
    router.get(RouterPath(LiveSocket.path)) { request, _ in LiveSocket.refusal(request) }
    let library = try Library.load(program: practice.engine.program)
    StepsController(store: practice.store, clock: practice.clock, ids: practice.ids, library: library, program: practice.engine.program)
        .register(on: router)
    // Hosted: practitioners, and sharing with them, on the pages and in the API.
    let practitioners = config.hosting.isHosted ? Practitioners(store: practice.store, clock: practice.clock, ids: practice.ids) : nil
    if let practitioners {
        PractitionersController(
            space: space, practitioners: practitioners, store: practice.store, clock: practice.clock, program: practice.engine.program,
            secure: config.servesHTTPS
        ).register(on: router)
    }
    router.get(SiteRoute.library.pattern) { request, context in
        let query = request.uri.queryParameters["q"].map { String($0.prefix(200)) } ?? ""
        return HTMLPage(LibraryPages.index(library, query: query, chrome: Chrome(context: context))).response()
    }
    router.get(SiteRoute.pattern(SiteRoute.article, "id")) { _, context in
        guard let article = library.article(try context.parameters.require("id")) else { throw HTTPError(.notFound) }
        return HTMLPage(LibraryPages.article(article, chrome: Chrome(context: context))).response()
    }
    APIController(
        space: space, practice: practice, autoLockMinutes: config.autoLockMinutes, openAPIDocument: openAPIDocument, schemas: schemas,
        practitioners: practitioners
    ).register(on: router)
    return router
}

/// Hosted: hears owners locked on any instance (PostgreSQL `NOTIFY`), and closes this instance's
/// live rooms for them, so a key leaves every process's memory when its person locks anywhere.
struct LockAnnouncementsService: Service {
    let store: any Store
    let rooms: LiveRooms

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await owner in store.lockedOwners() {
                await rooms.close(owner: owner)
            }
        }
        // A database with nothing to announce (SQLite) ends the stream at once; a service that
        // returned early would stop Tend, so it waits, like the others, until Tend stops.
        try? await gracefulShutdown()
    }
}

/// Hosted on several instances: relays live connections between them, and lets go of every
/// room and link when Tend stops, so another instance takes them over at once.
struct LiveRelayService: Service {
    let relay: LiveRelay

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await relay.run()
        }
        await relay.stop()
    }
}

/// Locks idle spaces every half minute, so keys leave memory even when no request arrives.
struct AutoLockService: Service {
    let keeper: any KeyKeeper

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(30))
                await keeper.sweep()
            }
        }
    }
}
