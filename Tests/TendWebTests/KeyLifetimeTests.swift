import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TendApp
import TendCore
import TendStore
import Testing

@testable import TendVault
@testable import TendWeb

/// The data key lives exactly as long as the unlock: locking, an idle lock, a recovery and erasing
/// close every live room of the space, end the giver's access and lock every other browser.
struct KeyLifetimeTests {
    @Test func lockingClosesTheRoomsAndEndsTheGiversAccess() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let giver = try await pair.connect(pair.giver)
            _ = try await giver.next("state")
            let receiver = try await pair.connect(pair.receiver)
            _ = try await receiver.next("state")
            let unusedTicket = try await pair.ticket(pair.giver)

            try await pair.receiver.post("/lock")

            #expect(try await giver.closed()?.closeCode == .init(codeNumber: 4012))
            #expect(try await receiver.closed()?.closeCode == .init(codeNumber: 4012))
            #expect(try await pair.giver.get(pair.livePath + "/giver").status == .forbidden)
            let ticket = try await pair.giver.send(
                pair.livePath + "/ticket", method: .post, headers: [.csrfToken: pair.giver.csrf ?? ""], body: nil)
            #expect(ticket.status != .ok)
            let late = try await LiveDevice.connect(port: pair.port, ticket: unusedTicket)
            await #expect(throws: (any Error).self) { try await late.closed() }
        }
    }

    @Test func erasingClosesTheRoomsToo() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let giver = try await pair.connect(pair.giver)
            _ = try await giver.next("state")

            #expect(try await pair.receiver.post("/your-data/erase", form: ["confirmation": "erase everything"]).status == .seeOther)

            #expect(try await giver.closed()?.closeCode == .init(codeNumber: 4012))
            #expect(try await pair.giver.get(pair.livePath + "/giver").status == .forbidden)
        }
    }

    @Test func anIdleLockClosesTheRoomOnceNoBrowserHoldsTheKey() async throws {
        let clock = ManualClock()
        try await withLiveApp(clock: clock) { client in
            let pair = try await PairedSession.make(client: client)
            let giver = try await pair.connect(pair.giver)
            _ = try await giver.next("state")

            clock.advance(16 * 60)
            #expect(try await pair.receiver.get("/").location == "/unlock")

            #expect(try await giver.closed()?.closeCode == .init(codeNumber: 4012))
            #expect(try await pair.giver.get(pair.livePath + "/giver").status == .forbidden)
        }
    }

    @Test func lockingInOneBrowserLocksEveryOther() async throws {
        try await withTestApp { first, _ in
            try await first.setUpSpace(passphrase: "kettle violet harbour")
            let second = Browser(client: first.client)
            #expect(try await second.post("/unlock", form: ["passphrase": "kettle violet harbour"]).location == "/")
            #expect(try await second.get("/").status == .ok)

            try await first.post("/lock")

            #expect(try await second.get("/").location == "/unlock")
        }
    }

    @Test func aRecoveryKeyWorksOnceIsReplacedAndLocksOtherBrowsers() async throws {
        try await withTestApp { browser, _ in
            let key = try await browser.setUpSpace(passphrase: "kettle violet harbour")
            let other = Browser(client: browser.client)
            #expect(try await other.post("/unlock", form: ["passphrase": "kettle violet harbour"]).location == "/")
            try await browser.post("/lock")
            #expect(try await other.post("/unlock", form: ["passphrase": "kettle violet harbour"]).location == "/")

            let recovered = try await browser.post(
                "/recover", form: ["recoveryKey": key, "passphrase": "new passphrase here", "confirmation": "new passphrase here"])
            #expect(recovered.status == .ok)
            #expect(recovered.text.contains("no longer opens your space"))
            let newKey = String(try #require(recovered.text.firstMatch(of: /([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})/)).1)
            #expect(newKey != key)
            #expect(try await other.get("/").location == "/unlock")
            #expect(try await browser.get("/").status == .ok)

            try await browser.post("/lock")
            let again = try await browser.post(
                "/recover", form: ["recoveryKey": key, "passphrase": "third passphrase here", "confirmation": "third passphrase here"])
            #expect(again.status == .unauthorized)
            let withNew = try await browser.post(
                "/recover", form: ["recoveryKey": newKey, "passphrase": "third passphrase here", "confirmation": "third passphrase here"])
            #expect(withNew.status == .ok)
        }
    }

    @Test func aSpaceErasedByAnotherProcessIsLockedHereToo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-erased-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withTestApp(folder: folder) { browser, _ in
            try await browser.setUpSpace()
            #expect(try await browser.get("/").status == .ok)

            // What `tend erase` does from another process, on the same data folder.
            #expect(try await SpaceArchive.erase(at: DataLocation(dataDirectory: folder.path), confirmation: "erase everything"))

            let after = try await browser.post("/sessions/new")
            #expect(after.status.code < 500)
            #expect(try await browser.get("/").text.contains("Nothing has been set up"))
            #expect(try await browser.get("/sessions").location == "/unlock")
        }
    }

    @Test func theAPIGivesTheNewRecoveryKey() async throws {
        try await withTestApp { browser, _ in
            let key = try await browser.setUpSpace(passphrase: "kettle violet harbour")
            try await browser.api(.post, "/api/v1/space/lock")
            let recovered = try await browser.api(
                .post, "/api/v1/space/recover",
                json: #"{"recoveryKey":"\#(key)","passphrase":"new passphrase here"}"#)
            #expect(recovered.status == .ok)
            let newKey = try #require(try recovered.json()["recoveryKey"] as? String)
            #expect(newKey != key && newKey.count == 39)
        }
    }
}

/// Guessing is slowed per client and remembered across a restart, and never turned on the owner.
struct GuessThrottleTests {
    @Test func theBackOffSurvivesARestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-throttle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = ManualClock()
        try await withTestApp(folder: folder, clock: clock) { browser, _ in
            try await browser.setUpSpace(passphrase: "kettle violet harbour")
            try await browser.post("/lock")
            for _ in 0..<GuessThrottle.freeAttempts {
                #expect(try await browser.post("/unlock", form: ["passphrase": "guess guess guess"]).status == .unauthorized)
            }
        }
        try await withTestApp(folder: folder, clock: clock) { browser, _ in
            let throttled = try await browser.post("/unlock", form: ["passphrase": "kettle violet harbour"])
            #expect(throttled.status == .tooManyRequests)
            clock.advance(2)
            #expect(try await browser.post("/unlock", form: ["passphrase": "kettle violet harbour"]).location == "/")
        }
    }

    @Test func wrongRecoveryKeysNeverLockOutThePassphrase() async throws {
        try await withTestApp { browser, _ in
            try await browser.setUpSpace(passphrase: "kettle violet harbour")
            try await browser.post("/lock")
            let wrongKey = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"
            for _ in 0..<GuessThrottle.freeAttempts + 3 {
                try await browser.post("/recover", form: ["recoveryKey": wrongKey, "passphrase": "new passphrase here", "confirmation": "new passphrase here"])
            }
            #expect(try await browser.post("/recover", form: [
                "recoveryKey": wrongKey, "passphrase": "new passphrase here", "confirmation": "new passphrase here",
            ]).status == .tooManyRequests)
            #expect(try await browser.post("/unlock", form: ["passphrase": "kettle violet harbour"]).location == "/")
        }
    }

    @Test func aStrangersWrongCodesNeverStopTheRealPartner() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-join-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try await AppConfig(dataDirectory: folder.path).dataLocation.openDatabase(logger: Logger(label: "test"))
        defer { Task { await database.close() } }
        try await database.migrate()
        let engine = SessionEngine(program: try .standard())
        let store = SQLStore(database: database)
        // Time stands still: a loaded machine must not let the stranger's back-off run out mid-test.
        let clock = ManualClock()
        let rooms = LiveRooms(store: store, clock: clock.tendClock)
        let owner = OwnerID(rawValue: "owner")
        // A partner's join is kept in the database, beside its owner's space.
        try await store.createSpace(owner: owner, keyRing: try await KeyRing.create(passphrase: "a long test passphrase", cost: .testingOnly).keyRing, at: Date())
        let session = engine.newSession(id: SessionID(rawValue: "session"), owner: owner, mode: .partner, at: clock.now)
        let space = UnlockedSpace(owner: owner, key: .random())
        let view = LiveRooms.GiverView(agreement: nil, breath: BreathPattern.standard, sessionCreatedAt: session.createdAt)
        let invitation = try await rooms.invite(to: session.id, view: view, in: space)
        let wrong = invitation.code == "111111" ? "222222" : "111111"
        for _ in 0..<50 {
            await #expect(throws: (any Error).self) { try await rooms.join(code: wrong, client: "192.0.2.66") }
        }
        await #expect(throws: JoinError.self) { try await rooms.join(code: invitation.code, client: "192.0.2.66") }

        let (_, joined) = try await rooms.join(code: invitation.code, client: "192.0.2.10")
        #expect(joined == session.id)
    }
}
