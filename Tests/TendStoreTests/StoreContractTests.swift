import Foundation
import SQLKit
import TendCore
import TendVault
import Testing

@testable import TendStore

/// Every store behaviour, on SQLite always and on PostgreSQL when it is available.
@Suite("Store contract")
struct StoreContractTests {
    static let engine = SessionEngine(program: try! Program.standard())
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func newSession(_ id: String, in space: UnlockedSpace, at date: Date = start) -> PracticeSession {
        engine.newSession(id: SessionID(rawValue: id), owner: space.owner, mode: .solo, at: date)
    }

    @Test(arguments: TestDatabase.engines)
    func migrationsApplyOnceAndThenThereIsNothingPending(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let pending = try await test.database.pendingMigrations()
            let appliedAgain = try await test.database.migrate()
            #expect(pending.isEmpty)
            #expect(appliedAgain.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aSpaceKeepsItsKeyRingAndCannotBeCreatedTwice(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let (keyRing, _, _) = try await KeyRing.create(passphrase: "a long test passphrase", cost: .testingOnly)
            let owner = OwnerID(rawValue: "owner-a")

            try await store.createSpace(owner: owner, keyRing: keyRing, at: Self.start)

            #expect(try await store.keyRing(owner: owner) == keyRing)
            #expect(try await store.owners() == [owner])
            await #expect(throws: StoreError.ownerAlreadyExists) {
                try await store.createSpace(owner: owner, keyRing: keyRing, at: Self.start)
            }
            #expect(try await store.keyRing(owner: OwnerID(rawValue: "nobody")) == nil)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func replacingTheKeyRingIsKeptAndAnUnknownOwnerIsSaidPlainly(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let (keyRing, _, dataKey) = try await KeyRing.create(passphrase: "a long test passphrase", cost: .testingOnly)
            let owner = OwnerID(rawValue: "owner-a")
            try await store.createSpace(owner: owner, keyRing: keyRing, at: Self.start)
            let changed = try await keyRing.changingPassphrase(to: "another long passphrase", dataKey: dataKey, cost: .testingOnly)

            try await store.replaceKeyRing(changed, owner: owner)

            #expect(try await store.keyRing(owner: owner) == changed)
            await #expect(throws: StoreError.ownerNotFound) {
                try await store.replaceKeyRing(changed, owner: OwnerID(rawValue: "nobody"))
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aSessionSavedAfterEveryTransitionReadsBackExactly(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let space = try await test.makeSpace(store)
            var session = Self.newSession("s1", in: space)
            var now = Self.start
            try await store.save(session, in: space)

            for intent: Intent in [.start, .next, .next, .pause, .resume, .next, .next, .rate(tension: 5, pain: 2), .end] {
                now += 61.5
                session = try Self.engine.apply(SessionEvent(intent, by: .alone), to: session, at: now)
                try await store.save(session, in: space)
                #expect(try await store.session(session.id, in: space) == session)
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func anOlderVersionNeverOverwritesANewerOne(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let space = try await test.makeSpace(store)
            let old = Self.newSession("s1", in: space)
            let newer = try Self.engine.apply(SessionEvent(.start, by: .alone), to: old, at: Self.start + 1)
            try await store.save(newer, in: space)

            await #expect(throws: StoreError.staleWrite(recordID: "s1")) { try await store.save(old, in: space) }
            await #expect(throws: StoreError.staleWrite(recordID: "s1")) { try await store.save(newer, in: space) }
            #expect(try await store.session(old.id, in: space) == newer)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func liveChangesCommittedTogetherKeepEverySignalInOrder(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let space = try await test.makeSpace(store)
            func partnerSession(_ id: String) throws -> PracticeSession {
                let new = Self.engine.newSession(id: SessionID(rawValue: id), owner: space.owner, mode: .partner, at: Self.start)
                return try Self.engine.apply(SessionEvent(.start, by: .receiver), to: new, at: Self.start)
            }
            var first = try partnerSession("p1")
            var second = try partnerSession("p2")
            try await store.save([
                SessionChanges(session: first, space: space, storedSignals: 0, stateChanged: true),
                SessionChanges(session: second, space: space, storedSignals: 0, stateChanged: true),
            ])
            // Two rounds as a live room sends them: signals only, then signals with a pause.
            for (round, intents) in [[Intent.signal(.softer), .signal(.pain(3))], [.pause, .signal(.holdStill)]].enumerated() {
                let storedFirst = first.signals.count, storedSecond = second.signals.count
                for intent in intents {
                    first = try Self.engine.apply(SessionEvent(intent, by: .receiver), to: first, at: Self.start + Double(round + 1))
                }
                second = try Self.engine.apply(SessionEvent(.signal(.firmer), by: .receiver), to: second, at: Self.start + 9)
                try await store.save([
                    SessionChanges(session: first, space: space, storedSignals: storedFirst, stateChanged: round == 1),
                    SessionChanges(session: second, space: space, storedSignals: storedSecond, stateChanged: false),
                ])
            }

            #expect(try await store.session(first.id, in: space) == first)
            #expect(try await store.session(second.id, in: space) == second)
            #expect(try await store.sessions(in: space).map(\.signals.count).sorted() == [2, 3])
            // A commit repeating signals already stored leaves the log as it was.
            try await store.save([SessionChanges(session: second, space: space, storedSignals: 0, stateChanged: false)])
            #expect(try await store.session(second.id, in: space) == second)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func erasingASpaceRemovesAllOfItAndNothingElse(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let leaving = try await test.makeSpace(store)
            let staying = try await test.makeSpace(store)
            for space in [leaving, staying] {
                let new = Self.engine.newSession(id: SessionID(rawValue: "p-\(space.owner.rawValue)"), owner: space.owner, mode: .partner, at: Self.start)
                var session = try Self.engine.apply(SessionEvent(.start, by: .receiver), to: new, at: Self.start)
                session = try Self.engine.apply(SessionEvent(.signal(.softer), by: .receiver), to: session, at: Self.start + 1)
                try await store.save(session, in: space)
                try await store.save("note", id: "note-\(space.owner.rawValue)", kind: RecordKind<String>("note"), createdAt: Self.start, in: space)
                try await store.publishCalendarFeed(Data([1, 2, 3]), lookup: "feed-\(space.owner.rawValue)", owner: space.owner)
            }

            try await store.eraseSpace(owner: leaving.owner)
            #expect(try await store.calendarFeed(lookup: "feed-\(leaving.owner.rawValue)") == nil)
            #expect(try await store.calendarFeed(lookup: "feed-\(staying.owner.rawValue)")?.owner == staying.owner)

            #expect(try await store.owners() == [staying.owner])
            #expect(try await store.keyRing(owner: leaving.owner) == nil)
            #expect(try await store.sessions(in: leaving).isEmpty)
            #expect(try await store.records(RecordKind<String>("note"), in: leaving).isEmpty)
            #expect(try await store.sessions(in: staying).first?.signals.count == 1)
            #expect(try await store.records(RecordKind<String>("note"), in: staying).count == 1)
            let leftovers = try await test.database.withSession { database in
                try await database.raw("SELECT COUNT(*) AS n FROM session_signals WHERE owner_id = \(bind: leaving.owner.rawValue)").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(leftovers == 0)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func eachSpaceHasAtMostOneCalendarFeedFoundOnlyByItsLookup(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let mine = try await test.makeSpace(store)
            let theirs = try await test.makeSpace(store)
            try await store.publishCalendarFeed(Data("first".utf8), lookup: "lookup-1", owner: mine.owner)
            try await store.publishCalendarFeed(Data("theirs".utf8), lookup: "lookup-9", owner: theirs.owner)
            let found = try #require(try await store.calendarFeed(lookup: "lookup-1"))
            #expect(found.owner == mine.owner && found.sealed == Data("first".utf8))

            // Publishing again replaces the feed: the old lookup finds nothing.
            try await store.publishCalendarFeed(Data("second".utf8), lookup: "lookup-2", owner: mine.owner)
            #expect(try await store.calendarFeed(lookup: "lookup-1") == nil)
            #expect(try await store.calendarFeed(lookup: "lookup-2")?.sealed == Data("second".utf8))

            try await store.withdrawCalendarFeed(owner: mine.owner)
            #expect(try await store.calendarFeed(lookup: "lookup-2") == nil)
            #expect(try await store.calendarFeed(lookup: "lookup-9")?.owner == theirs.owner)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func sessionsAreListedNewestFirstAndOnlyToTheirOwner(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let mine = try await test.makeSpace(store)
            let theirs = try await test.makeSpace(store)
            for day in 0..<3 {
                try await store.save(Self.newSession("mine-\(day)", in: mine, at: Self.start + Double(day) * 86_400), in: mine)
            }
            try await store.save(Self.newSession("theirs-0", in: theirs), in: theirs)

            #expect(try await store.sessions(in: mine).map(\.id.rawValue) == ["mine-2", "mine-1", "mine-0"])
            #expect(try await store.sessions(in: theirs).map(\.id.rawValue) == ["theirs-0"])
            #expect(try await store.session(SessionID(rawValue: "mine-0"), in: theirs) == nil)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func everySaveKeepsADigestAndOlderRowsGetOneWhenRead(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let space = try await test.makeSpace(store)
            let someoneElse = try await test.makeSpace(store)
            // Given one session saved alone and one through a live group commit, each moved along
            var solo = Self.newSession("solo", in: space)
            for (second, intent) in [Intent.start, .next, .next].enumerated() {
                solo = try Self.engine.apply(SessionEvent(intent, by: .alone), to: solo, at: Self.start + Double(second * 90))
                try await store.save(solo, in: space)
            }
            var live = Self.engine.newSession(id: SessionID(rawValue: "live"), owner: space.owner, mode: .partner, at: Self.start + 86_400)
            live = try Self.engine.apply(SessionEvent(.start, by: .receiver), to: live, at: Self.start + 86_400)
            try await store.save([SessionChanges(session: live, space: space, storedSignals: 0, stateChanged: true)])
            live = try Self.engine.apply(SessionEvent(.next, by: .receiver), to: live, at: Self.start + 86_460)
            try await store.save([SessionChanges(session: live, space: space, storedSignals: 0, stateChanged: true)])
            let liveAtLastChange = live
            // ... and then, after its last change of state, only a signal, which leaves the digest alone
            live = try Self.engine.apply(SessionEvent(.signal(.softer), by: .receiver), to: live, at: Self.start + 86_500)
            try await store.save([SessionChanges(session: live, space: space, storedSignals: 0, stateChanged: false)])
            #expect(try await store.session(live.id, in: space)?.updatedAt == Self.start + 86_500)

            // Then the digests are those of the sessions as last saved, newest first, and only the owner's
            let expected = [SessionDigest(liveAtLastChange), SessionDigest(solo)]
            #expect(try await store.digests(in: space) == expected)
            #expect(try await store.digests(in: space).first?.activeSeconds == 60)
            #expect(try await store.digests(in: someoneElse).isEmpty)

            // When a row has no digest (saved before digests existed), reading makes and keeps one
            func missingDigests() async throws -> Int {
                try await test.database.withSession { database in
                    try await database.raw("SELECT COUNT(*) AS missing FROM practice_sessions WHERE digest IS NULL")
                        .first()?.decode(column: "missing", as: Int.self) ?? -1
                }
            }
            try await test.database.withSession { try await $0.raw("UPDATE practice_sessions SET digest = NULL").run() }
            #expect(try await missingDigests() == 2)
            #expect(try await store.digests(in: space) == expected)
            #expect(try await missingDigests() == 0)
            #expect(try await store.digests(in: space) == expected)

            // And one in a shape this code does not read is made again too
            struct OlderDigest: Codable { let id: String }
            let older = try space.seal(OlderDigest(id: "solo"), kind: "session-digest", id: "solo")
            try await test.database.withSession { try await $0.raw("UPDATE practice_sessions SET digest = \(bind: older) WHERE id = 'solo'").run() }
            #expect(try await store.digests(in: space) == expected)

            // And a digest moved onto another session's row is refused
            try await test.database.withSession { database in
                try await database.raw(
                    "UPDATE practice_sessions SET digest = (SELECT digest FROM practice_sessions WHERE id = 'live') WHERE id = 'solo'"
                ).run()
            }
            await #expect(throws: StoreError.sealed(.recordTampered)) { try await store.digests(in: space) }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func someoneElsesKeyCannotReadASessionEvenWithItsRow(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let space = try await test.makeSpace(store)
            try await store.save(Self.newSession("s1", in: space), in: space)
            let (_, _, strangerKey) = try await KeyRing.create(passphrase: "a long test passphrase", cost: .testingOnly)

            await #expect(throws: StoreError.sealed(.recordTampered)) {
                try await store.session(SessionID(rawValue: "s1"), in: UnlockedSpace(owner: space.owner, key: strangerKey))
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func blobsSwappedBetweenRowsAreDetected(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let space = try await test.makeSpace(store)
            try await store.save(Self.newSession("s1", in: space), in: space)
            try await store.save(Self.newSession("s2", in: space), in: space)

            try await test.database.withSession { database in
                try await database.raw(
                    "UPDATE practice_sessions SET sealed = (SELECT sealed FROM practice_sessions WHERE id = 's2') WHERE id = 's1'"
                ).run()
            }

            await #expect(throws: StoreError.sealed(.recordTampered)) {
                try await store.session(SessionID(rawValue: "s1"), in: space)
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aCanaryNoteLeavesNoTraceInTheDatabase(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let space = try await test.makeSpace(store)
            let canary = "canary-\(UUID().uuidString)"
            var session = Self.newSession("s1", in: space)
            for intent: Intent in [.start, .next, .end, .reflect(Reflection(howItFelt: canary, emotions: [canary], note: canary))] {
                session = try Self.engine.apply(SessionEvent(intent, by: .alone), to: session, at: Self.start + 5)
                try await store.save(session, in: space)
            }
            #expect(try await store.session(session.id, in: space)?.reflection?.note == canary)

            let needles = [Data(canary.utf8), Data(canary.utf8.map { String(format: "%02x", $0) }.joined().utf8)]
            for (name, bytes) in try await test.everythingStored() {
                for needle in needles {
                    #expect(bytes.range(of: needle) == nil, "the canary was found in \(name)")
                }
            }
        }
    }
}

extension TestDatabase {
    /// Every byte Tend keeps: the SQLite file with its -wal and -shm, or every PostgreSQL table's rows as text.
    func everythingStored() async throws -> [(String, Data)] {
        if let sqlitePath {
            return try ["", "-wal", "-shm"].compactMap { suffix in
                let path = sqlitePath + suffix
                guard FileManager.default.fileExists(atPath: path) else { return nil }
                return (path, try Data(contentsOf: URL(fileURLWithPath: path)))
            }
        }
        let schema = try #require(schema)
        return try await database.withSession { database in
            let tables = try await database.raw(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = \(bind: schema)"
            ).all().map { try $0.decode(column: "table_name", as: String.self) }
            var contents: [(String, Data)] = []
            for table in tables {
                let rows = try await database.raw("SELECT t::text AS row FROM \(ident: table) t").all()
                let text = try rows.map { try $0.decode(column: "row", as: String.self) }.joined(separator: "\n")
                contents.append((table, Data(text.utf8)))
            }
            return contents
        }
    }
}

@Suite("Store contract: other sealed records")
struct RecordStoreContractTests {
    struct Note: Codable, Equatable, Sendable {
        let text: String
    }

    static let notes = RecordKind<Note>("test-note")
    static let others = RecordKind<Note>("other-note")

    @Test(arguments: TestDatabase.engines)
    func recordsRoundTripNewestFirstAndStayWithTheirOwnerAndKind(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let mine = try await test.makeSpace(store)
            let theirs = try await test.makeSpace(store)
            let day = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.save(Note(text: "first"), id: "a", kind: Self.notes, createdAt: day, in: mine)
            try await store.save(Note(text: "second"), id: "b", kind: Self.notes, createdAt: day + 86_400, in: mine)
            try await store.save(Note(text: "second, edited"), id: "b", kind: Self.notes, createdAt: day + 86_400, in: mine)

            #expect(try await store.records(Self.notes, in: mine).map(\.value.text) == ["second, edited", "first"])
            #expect(try await store.records(Self.notes, in: theirs).isEmpty)
            #expect(try await store.records(Self.others, in: mine).isEmpty)
            #expect(try await store.record(Self.notes, id: "a", in: mine) == Note(text: "first"))
            #expect(try await store.record(Self.notes, id: "a", in: theirs) == nil)
            await #expect(throws: StoreError.staleWrite(recordID: "a")) {
                try await store.save(Note(text: "hijack"), id: "a", kind: Self.notes, createdAt: day, in: theirs)
            }
            await #expect(throws: StoreError.staleWrite(recordID: "a")) {
                try await store.save(Note(text: "other kind"), id: "a", kind: Self.others, createdAt: day, in: mine)
            }
        }
    }

    @Test(arguments: TestDatabase.engines)
    func recordsAreReadByIdentifierInOneGoOnlyForTheirOwnerAndKind(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let mine = try await test.makeSpace(store)
            let theirs = try await test.makeSpace(store)
            let day = Date(timeIntervalSince1970: 1_800_000_000)
            for id in ["a", "b", "c"] {
                try await store.save(Note(text: id), id: id, kind: Self.notes, createdAt: day, in: mine)
            }
            try await store.save(Note(text: "d"), id: "d", kind: Self.notes, createdAt: day, in: theirs)

            let found = try await store.records(Self.notes, ids: ["c", "a", "d", "missing"], in: mine)
            #expect(found.map(\.value.text) == ["a", "c"])
            #expect(try await store.records(Self.notes, ids: [], in: mine).isEmpty)
            #expect(try await store.records(Self.others, ids: ["a"], in: mine).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func aRecordsCanaryLeavesNoTrace(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let space = try await test.makeSpace(store)
            let canary = "canary-\(UUID().uuidString)"

            try await store.save(Note(text: canary), id: "n", kind: Self.notes, createdAt: Date(), in: space)

            for (name, bytes) in try await test.everythingStored() {
                #expect(bytes.range(of: Data(canary.utf8)) == nil, "the canary was found in \(name)")
            }
        }
    }
}

@Suite("Store contract: graded practice")
struct StepRecordContractTests {
    static let ladders = RecordKind<StepLadder>("steps-ladder-test")
    static let practices = RecordKind<StepPractice>("step-practice")

    @Test(arguments: TestDatabase.engines)
    func aLadderAndItsPracticesComeBackAsTheyWereSealedWithNothingInTheClear(engine: DatabaseEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let store = SQLStore(database: test.database)
            let space = try await test.makeSpace(store)
            let canary = "canary-\(UUID().uuidString)"
            var ladder = try StepLadder.standard(dilatorSizes: [12, 18])
            try ladder.add(.custom(id: StepID(rawValue: "own"), title: "My own \(canary)"), at: 1)
            try ladder.hide(StepID(rawValue: "mirror"))
            let practice = StepPractice(
                id: StepPracticeID(rawValue: "p1"), stepID: StepID(rawValue: "dilator-12mm"),
                startedAt: Date(timeIntervalSince1970: 1_800_000_000.25), minutes: 12, anxietyBefore: 5, anxietyAfter: 2,
                painAfter: 1, note: "note \(canary)", withPartner: true)

            try await store.save(ladder, id: "ladder", kind: Self.ladders, createdAt: Date(timeIntervalSince1970: 0), in: space)
            try await store.save(practice, id: "p1", kind: Self.practices, createdAt: Date(timeIntervalSince1970: 0), in: space)

            #expect(try await store.record(Self.ladders, id: "ladder", in: space) == ladder)
            #expect(try await store.records(Self.practices, in: space).map(\.value) == [practice])
            for (name, bytes) in try await test.everythingStored() {
                #expect(bytes.range(of: Data(canary.utf8)) == nil, "the canary was found in \(name)")
                #expect(bytes.range(of: Data("dilator-12mm".utf8)) == nil, "a step's name was found in \(name)")
            }
        }
    }
}
