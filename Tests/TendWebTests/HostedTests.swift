import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import TendApp
import TendCore
import TendStore
import TendVault
import Testing

@testable import TendWeb

/// Hosted Tend in process: two application instances on one database (SQLite here; scripts/test
/// runs the same across two processes on PostgreSQL, in tests/adversarial/test_hosted.py).
@Suite("Hosted: many people, any instance answers")
struct HostedTests {
    static let passphrase = "kettle violet harbour"

    /// Runs `body` with two instances of Tend, hosted under `signUp`, sharing one data folder.
    static func withTwoInstances(
        signUp: SignUp = .open, clock: ManualClock = ManualClock(),
        _ body: @Sendable (Browser, Browser, DataLocation) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-hosted-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = AppConfig(port: 0, dataDirectory: folder.path, scryptCost: .testingOnly, logLevel: .warning)
        config.hosting = .hosted(signUp)
        let location = config.dataLocation
        let first = try await buildApplication(config: config, clock: clock.tendClock)
        let second = try await buildApplication(config: config, clock: clock.tendClock)
        try await first.test(.router) { a in
            try await second.test(.router) { b in
                try await body(Browser(client: a), Browser(client: b), location)
            }
        }
    }

    static func signUp(_ browser: Browser, name: String, invitation: String? = nil) async throws -> TestResponse {
        var form = ["name": name, "passphrase": passphrase, "confirmation": passphrase]
        form["invitation"] = invitation
        return try await browser.post("/setup", form: form)
    }

    @Test func signedUpOnOneInstanceServedByTheOtherAndLockedOnBoth() async throws {
        try await Self.withTwoInstances { a, b, _ in
            #expect(try await a.get("/").location == "/unlock")
            #expect(try await a.get("/unlock").text.contains("Create an account"))
            let made = try await Self.signUp(a, name: " Willow ")
            #expect(made.status == .ok)
            #expect(made.text.contains("Write down your recovery key"))

            b.adoptCookies(from: a)
            let saved = try await b.post("/journal", form: ["day": "2027-01-14", "note": "calmer today"])
            #expect(saved.status == .seeOther)
            #expect(try await a.get("/journal?day=2027-01-14").text.contains("calmer today"))

            #expect(try await b.post("/lock").location == "/unlock")
            #expect(try await a.get("/journal").location == "/unlock")
            #expect(try await a.post("/unlock", form: ["name": "willow", "passphrase": Self.passphrase]).location == "/")
            #expect(try await a.get("/journal?day=2027-01-14").text.contains("calmer today"))
        }
    }

    @Test func anUnlockIdleForTheAutoLockTimeIsGoneOnEveryInstance() async throws {
        let clock = ManualClock()
        try await Self.withTwoInstances(clock: clock) { a, b, _ in
            _ = try await Self.signUp(a, name: "willow")
            b.adoptCookies(from: a)
            clock.advance(10 * 60)
            #expect(try await b.get("/journal").status == .ok)
            clock.advance(14 * 60)
            #expect(try await a.get("/journal").status == .ok)  // activity on B counted for A too
            clock.advance(16 * 60)
            #expect(try await a.get("/journal").location == "/unlock")
        }
    }

    @Test func aWrongNameAndAWrongPassphraseGetTheSameAnswer() async throws {
        try await Self.withTwoInstances { a, b, _ in
            _ = try await Self.signUp(a, name: "willow")
            let wrongPassphrase = try await b.post("/unlock", form: ["name": "willow", "passphrase": "not the right one"])
            let wrongName = try await b.post("/unlock", form: ["name": "nobody", "passphrase": Self.passphrase])
            #expect(wrongPassphrase.status == .unauthorized && wrongName.status == .unauthorized)
            #expect(wrongPassphrase.text.contains(SpaceError.wrongNameOrPassphrase.message))
            #expect(wrongName.text.contains(SpaceError.wrongNameOrPassphrase.message))
            // A name is taken once, whatever its capitals.
            let again = try await Self.signUp(b, name: "WILLOW")
            #expect(again.status == .conflict || again.status == .badRequest)
            #expect(again.text.contains("already in use"))
            #expect(try await Self.signUp(b, name: "<b>").text.contains("need not be your real name"))
        }
    }

    @Test func signUpFollowsTheOperatorsRule() async throws {
        try await Self.withTwoInstances(signUp: .invitation) { a, b, location in
            let codes = try await location.withStore { try await Invitations.create(count: 1, in: $0, at: Date()) }
            #expect(try await a.get("/setup").text.contains("Invitation code"))
            #expect(try await Self.signUp(a, name: "willow", invitation: "AAAA-BBBB-CCCC").text.contains("by invitation"))
            #expect(try await Self.signUp(a, name: "willow", invitation: codes[0].lowercased()).status == .ok)
            #expect(try await Self.signUp(b, name: "rowan", invitation: codes[0]).text.contains("by invitation"))
            let counts = try await location.withStore { try await Invitations.counts(in: $0) }
            #expect(counts.accounts == 1 && counts.waiting == 0)
        }
        try await Self.withTwoInstances(signUp: .closed) { (a: Browser, _: Browser, _: DataLocation) async throws in
            #expect(try await a.get("/setup").text.contains("not taking new accounts"))
            #expect(try await Self.signUp(a, name: "willow").status != .ok)
            #expect(!(try await a.get("/unlock").text.contains("Create an account")))
        }
    }

    @Test func twoPeopleOnTheSameInstancesNeverReachEachOthersSessions() async throws {
        try await Self.withTwoInstances { a, b, _ in
            _ = try await Self.signUp(a, name: "willow")
            let session = try #require(try await a.post(SiteRoute.startSession.path).location)
            let id = SessionID(rawValue: String(session.split(separator: "/").last ?? ""))
            _ = try await Self.signUp(b, name: "rowan")
            let reads: [SiteRoute] = [.session(id), .live(id), .giver(id)]
            for route in reads {
                let page = try await b.get(route.path)
                // Not found, or (a giver's page, without the giver's one-session token) not joined.
                #expect(page.status == .notFound || page.status == .forbidden, "\(route.path) answered \(page.status)")
            }
            let writes: [SiteRoute] = [.sessionEvents(id), .liveInvite(id), .liveRemoveGiver(id), .liveTicket(id), .liveConfirm(id)]
            for route in writes {
                let status = try await b.post(route.path, form: ["intent": "end", "version": "1"]).status
                #expect(status == .notFound || status == .forbidden, "\(route.path) answered \(status)")
            }
            #expect(try await b.api(.get, "/api/v1/sessions/\(id.rawValue)").status == .notFound)
            #expect(try await a.get(session).status == .ok)
        }
    }

    @Test func neitherTheDatabaseNorTheCookieAloneOpensAnything() async throws {
        try await Self.withTwoInstances { a, _, location in
            _ = try await Self.signUp(a, name: "willow")
            let token = try #require(a.cookies[SpaceCookieMiddleware.cookieName])
            let row = try #require(try await location.withStore { store in
                try await store.unlock(lookup: UnlockTicket.lookup(for: token))
            })
            // The database's copy opens only with the browser's token, and only for its owner.
            #expect(UnlockTicket.open(row.sealedKey, token: token, owner: row.owner) != nil)
            #expect(UnlockTicket.open(row.sealedKey, token: token + "x", owner: row.owner) == nil)
            #expect(UnlockTicket.open(row.sealedKey, token: token, owner: OwnerID(rawValue: "someone-else")) == nil)
            let file = try Data(contentsOf: URL(fileURLWithPath: location.sqlitePath))
            #expect(file.range(of: Data(token.utf8)) == nil)
            // The cookie alone, on a Tend with another database, opens nothing.
            try await withTestApp { (elsewhere: Browser, _: ManualClock) async throws in
                elsewhere.adoptCookies(from: a)
                #expect(try await elsewhere.get("/journal").status != .ok)
            }
        }
    }

    @Test func readinessSaysTheDatabaseIsUpToDate() async throws {
        try await Self.withTwoInstances { a, _, _ in
            let ready = try await a.get("/readyz")
            #expect(ready.status == .ok && ready.text == "ready\n")
        }
    }
}

/// The operator's figures: requests by route pattern, never a path's own values or anything a
/// person keeps.
@Suite struct MetricsTests {
    /// swift-metrics is bootstrapped once per process; every test after this shares the registry.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        Observability.bootstrap(registry)
        return registry
    }()

    @Test func metricsCountRequestsByPatternAndHoldNoSecret() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-metrics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = AppConfig(port: 0, dataDirectory: folder.path, scryptCost: .testingOnly, logLevel: .warning)
        config.hosting = .hosted(.open)
        config.metrics = Self.registry
        let app = try await buildApplication(config: config)
        try await app.test(.router) { client in
            let browser = Browser(client: client)
            _ = try await HostedTests.signUp(browser, name: "willow-metrics")
            _ = try await browser.get("/calendar/secret-token-in-a-path/calendar.ics")
            _ = try await browser.post("/unlock", form: ["name": "willow-metrics", "passphrase": "the wrong passphrase"])
            let scraped = try await browser.get("/metrics")
            #expect(scraped.status == .ok)
            #expect(scraped.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(scraped.text.contains("hb_requests"))
            #expect(scraped.text.contains(#"tend_unlocks_total{outcome="refused"}"#))
            #expect(!scraped.text.contains("secret-token-in-a-path"))
            #expect(!scraped.text.contains("willow"))
        }
    }
}

/// Every route Tend registers, tried by a second person (and by a locked browser) against the
/// first person's identifiers: nothing of the first person's ever comes back. The list of routes
/// is read from the router itself, so a new route is tried without anyone remembering to.
@Suite struct OwnerIsolationTests {
    /// The routes `buildRouter` registers for a hosted Tend, as (method, path pattern).
    static func routeTable() async throws -> [(HTTPRequest.Method, String)] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-routes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = AppConfig(port: 0, dataDirectory: folder.path, scryptCost: .testingOnly, logLevel: .warning)
        config.hosting = .hosted(.open)
        let database = try await config.dataLocation.openDatabase(logger: Logger(label: "test"))
        do {
            let store = SQLStore(database: database)
            let engine = SessionEngine(program: try .standard())
            let keeper = SharedKeeper(store: store, autoLock: 900, clock: .system)
            let router = try buildRouter(
                space: Spaces(hosting: config.hosting, store: store, keeper: keeper, cost: .testingOnly, clock: .system, ids: .random),
                keeper: keeper, practice: PracticeService(store: store, engine: engine, clock: .system, ids: .random),
                rooms: LiveRooms(store: store, clock: .system), config: config, fingerprint: nil, ready: { true })
            await database.close()
            return router.routes.map { ($0.method, $0.path.description) }
        } catch {
            await database.close()
            throw error
        }
    }

    /// A pattern with its parameters filled in: the first person's identifiers where it names one.
    static func fill(_ pattern: String, id: String) -> String {
        pattern.replacing(/[:{]([a-zA-Z]+)}?/) { match in
            switch match.1 {
            case "name": "tend.css"
            case "token": "not-a-calendar-token"
            default: id
            }
        }
    }

    @Test func noRouteShowsOnePersonsRecordsToAnother() async throws {
        let routes = try await Self.routeTable()
        #expect(routes.count > 40)
        let canary = "canary-\(UUID().uuidString.prefix(8))"
        try await HostedTests.withTwoInstances { willow, rowan, _ in
            _ = try await HostedTests.signUp(willow, name: "willow")
            let session = try #require(try await willow.post(SiteRoute.startSession.path).location)
            let id = String(session.split(separator: "/").last ?? "")
            _ = try await willow.post("/journal", form: ["day": "2027-01-14", "note": "note \(canary)"])
            _ = try await willow.post("/steps/mirror/practise", form: StepsTests.practice(before: 1, after: 1, pain: 0, note: canary))
            _ = try await willow.post("/steps/arrange", form: ["action": "add", "title": "step \(canary)"])
            #expect(try await willow.get("/journal?day=2027-01-14").text.contains(canary))

            _ = try await HostedTests.signUp(rowan, name: "rowan")
            let locked = Browser(client: rowan.client)
            for (method, pattern) in routes {
                let path = Self.fill(pattern, id: id)
                for browser in [rowan, locked] {
                    let response = method == .get
                        ? try await browser.get(path) : try await browser.post(path, form: ["intent": "end", "version": "1"])
                    #expect(!response.text.contains(canary), "\(method) \(path) showed the first person's note")
                    #expect(response.status.code < 500, "\(method) \(path) answered \(response.status)")
                }
                // Lock and quick exit lock the second person out: they unlock again and go on.
                if rowan.cookies[SpaceCookieMiddleware.cookieName] == nil {
                    #expect(try await rowan.post("/unlock", form: ["name": "rowan", "passphrase": HostedTests.passphrase]).location == "/")
                }
            }
        }
    }
}

/// `tend export`, `import` and `erase` are for a Tend of one's own: on a hosted database they refuse.
@Suite struct HostedArchiveTests {
    @Test func theCommandLineArchiveRefusesAHostedDatabaseAndChangesNothing() async throws {
        try await HostedTests.withTwoInstances { a, _, location in
            _ = try await HostedTests.signUp(a, name: "willow")
            await #expect(throws: ArchiveError.hostedDatabase) {
                try await SpaceArchive.erase(at: location, confirmation: SpaceArchive.eraseConfirmation)
            }
            await #expect(throws: ArchiveError.hostedDatabase) {
                try await SpaceArchive.export(from: location, passphrase: HostedTests.passphrase, progress: { _ in })
            }
            #expect(try await a.get("/journal").status == .ok)
        }
    }
}
