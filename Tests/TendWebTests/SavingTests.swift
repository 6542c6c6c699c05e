import Foundation
import Logging
import Synchronization
import TendApp
import TendCore
import TendStore
import TendVault
import Testing

@testable import TendWeb

/// What happens when saving fails or is slow: the live room's "notSaved", a failed group commit,
/// the retry after a stale write, and a room that keeps reading while the disk works.
@Suite struct SavingTests {
    /// A fresh database with one space and one started partner session, behind a failing store.
    struct World {
        let store: FailingStore
        let space: UnlockedSpace
        let engine: SessionEngine
        let session: PracticeSession
        let close: @Sendable () async -> Void

        /// Runs `body` in a fresh world, and closes the database whatever happens.
        static func run(_ body: (World) async throws -> Void) async throws {
            let world = try await make()
            do {
                try await body(world)
            } catch {
                await world.close()
                throw error
            }
            await world.close()
        }

        private static func make() async throws -> World {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-saving-\(UUID().uuidString)")
            let database = try await AppConfig(dataDirectory: folder.path).dataLocation.openDatabase(logger: Logger(label: "test"))
            do {
                try await database.migrate()
                return try await make(on: database, folder: folder)
            } catch {
                await database.close()
                throw error
            }
        }

        private static func make(on database: TendDatabase, folder: URL) async throws -> World {
            let store = FailingStore(SQLStore(database: database))
            let (keyRing, _, key) = try await KeyRing.create(passphrase: "a long test passphrase", cost: .testingOnly)
            let owner = OwnerID(rawValue: "owner")
            try await store.createSpace(owner: owner, keyRing: keyRing, at: Date())
            let space = UnlockedSpace(owner: owner, key: key)
            let engine = SessionEngine(program: try .standard())
            let fresh = engine.newSession(id: SessionID(rawValue: "session"), owner: owner, mode: .partner, at: Date())
            let session = try engine.apply(SessionEvent(.start, by: .receiver), to: fresh, at: Date())
            try await store.save(session, in: space)
            return World(store: store, space: space, engine: engine, session: session) {
                await database.close()
                try? FileManager.default.removeItem(at: folder)
            }
        }

        func room() async throws -> (LiveRoom, receiver: UUID, RecordingLine) {
            let rooms = LiveRooms(store: store, clock: .system)
            let room = try #require(await rooms.room(for: try engine.check(session), engine: engine, space: space, agreement: nil))
            let line = RecordingLine()
            let receiver = await room.connect(.receiver, line: line)
            return (room, receiver, line)
        }

        func stored() async throws -> PracticeSession {
            try #require(try await store.real.session(session.id, in: space))
        }
    }

    @Test func aFailedSaveIsAnsweredNotSavedAndTheNextChangeSavesBoth() async throws {
        try await World.run { world in
            let (room, receiver, line) = try await world.room()

            world.store.fail(.groupCommit, with: .databaseUnavailable("the disk is full"))
            await room.handle(.signal(.softer), ref: "first", from: receiver)
            let refusal = try await line.frame { $0.contains(#""ref":"first""#) }
            #expect(refusal.contains(#""code":"notSaved""#))
            #expect(try await world.stored().signals.isEmpty)

            await room.handle(.signal(.holdStill), ref: "second", from: receiver)
            let ack = try await line.frame { $0.contains(#""ref":"second""#) }
            #expect(ack.contains(#""type":"ack""#))
            let stored = try await world.stored()
            #expect(stored.signals.map(\.signal) == [.softer, .holdStill])
            #expect(stored.version == world.session.version + 2)
        }
    }

    @Test func oneFailedGroupCommitFailsEveryChangeInItAndARetrySavesThem() async throws {
        try await World.run { world in
            let writer = GroupCommit(store: world.store)
            let signalled = try world.engine.apply(SessionEvent(.signal(.softer), by: .receiver), to: world.session, at: Date())
            let moved = try world.engine.apply(SessionEvent(.next, by: .receiver), to: signalled, at: Date())
            let changes = [
                SessionChanges(session: signalled, space: world.space, storedSignals: 0, stateChanged: false),
                SessionChanges(session: moved, space: world.space, storedSignals: 0, stateChanged: true),
            ]

            world.store.fail(.groupCommit, with: .databaseUnavailable("the disk is full"))
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for change in changes {
                    group.addTask { (try? await writer.write(change)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes == [false, false])
            #expect(world.store.attempts(.groupCommit) == 1)
            #expect(try await world.stored().version == world.session.version)

            try await writer.write(changes[1])
            let stored = try await world.stored()
            #expect(stored.version == moved.version)
            #expect(stored.signals.map(\.signal) == [.softer])
        }
    }

    @Test func aStaleWriteIsRetriedOnTheFreshSessionAndGivesUpAfterThree() async throws {
        try await World.run { world in
            let practice = PracticeService(store: world.store, engine: world.engine, clock: .system, ids: .random)

            let attemptsBefore = world.store.attempts(.session)
            world.store.fail(.session, with: .staleWrite(recordID: world.session.id.rawValue))
            let moved = try await practice.apply(
                SessionEvent(.next, by: .receiver), to: world.session.id, seenVersion: nil, in: world.space)
            #expect(moved.version == world.session.version + 1)
            #expect(world.store.attempts(.session) == attemptsBefore + 2)
            #expect(try await world.stored() == moved)

            world.store.fail(.session, with: .staleWrite(recordID: world.session.id.rawValue), times: 3)
            await #expect(throws: StoreError.self) {
                try await practice.apply(SessionEvent(.next, by: .receiver), to: world.session.id, seenVersion: nil, in: world.space)
            }
            #expect(try await world.stored() == moved)
        }
    }

    @Test func aRoomKeepsReadingWhileTheDiskWorksAndAcknowledgesInOrder() async throws {
        try await World.run { world in
            let (room, receiver, line) = try await world.room()
            let giverLine = RecordingLine()
            _ = await room.connect(.giver, line: giverLine)

            world.store.holdGroupCommits()
            defer { world.store.release() }
            // Each call returns while its save is held: reading the next frame never waits for the disk.
            Self.send([.softer, .holdStill, .softer], to: room, from: receiver)
            let relayed = try await giverLine.frame { $0.contains(#""index":2"#) }
            #expect(relayed.contains(#""type":"signal""#))
            #expect(line.frames.filter { $0.contains(#""type":"ack""#) }.isEmpty)

            world.store.release()
            _ = try await line.frame { $0.contains(#""ref":"r2""#) }
            let acks = line.frames.filter { $0.contains(#""type":"ack""#) }
            #expect(acks.map { $0.contains(#""ref":"r0""#) } == [true, false, false])
            #expect(acks.last?.contains(#""ref":"r2""#) == true)
            #expect(try await world.stored().signals.count == 3)
        }
    }
}

extension SavingTests {
    /// Sends signals one after another from a task of their own, as a device's reader would.
    static func send(_ signals: [Signal], to room: LiveRoom, from id: UUID) {
        Task {
            for (index, signal) in signals.enumerated() {
                await room.handle(.signal(signal), ref: "r\(index)", from: id)
            }
        }
    }
}

/// A device's line that keeps every frame it was sent.
final class RecordingLine: LiveLine {
    private let sent = Mutex<[String]>([])
    private let closes = Mutex<[Live.Close]>([])

    var frames: [String] { sent.withLock { $0 } }

    func send(_ text: String) { sent.withLock { $0.append(text) } }

    func close(_ code: Live.Close) async { closes.withLock { $0.append(code) } }

    /// The first frame that matches, waiting up to five seconds for it.
    func frame(_ matches: (String) -> Bool) async throws -> String {
        for _ in 0..<500 {
            if let found = frames.first(where: matches) { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no matching frame in five seconds; frames: \(frames)")
        throw CancellationError()
    }
}
