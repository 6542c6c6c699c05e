import Foundation
import SQLKit
import TendApp
import TendCore
import TendStore
import TendVault
import Testing

@testable import TendStore
@testable import TendWeb

/// The database does not learn which days have a check-in: not from identifiers, not from dates.
struct CheckInIdentifierTests {
    @Test func aCheckInsRowSaysNothingOfItsDayAndOldRowsAreRenamed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-checkin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withTestApp(folder: folder) { browser, clock in
            try await browser.setUpSpace()
            let today = Day(clock.now)
            #expect(try await browser.post("/journal", form: ["day": today.description, "bodyTension": "4"]).status == .seeOther)

            let database = try await TendDatabase.openSQLite(path: DataLocation(dataDirectory: folder.path).sqlitePath)
            let rows = try await database.withSession { database in
                try await database.raw("SELECT id, created_on FROM sealed_records WHERE kind = 'check-in'").all()
                    .map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "created_on", as: Int.self)) }
            }
            await database.close()
            #expect(rows.count == 1)
            for (id, createdOn) in rows {
                #expect(!id.contains(today.description))
                #expect(createdOn != clock.now.dayNumber)
            }
        }
    }

    @Test func aCheckInUnderItsOldIdentifierIsKeptAndRenamedWhenRead() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-checkin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try await TendDatabase.openSQLite(path: folder.appendingPathComponent("db.sqlite").path)
        defer { Task { await database.close() } }
        try await database.migrate()
        let store = SQLStore(database: database)
        let made = try await KeyRing.create(passphrase: "kettle violet harbour", cost: .testingOnly)
        let space = UnlockedSpace(owner: OwnerID(rawValue: "owner-1"), key: made.dataKey)
        try await store.createSpace(owner: space.owner, keyRing: made.keyRing, at: Date())
        let day = Day(Date(timeIntervalSince1970: 1_800_000_000))
        let checkIn = CheckIn(day: day, bodyTension: 3)
        try await store.save(checkIn, id: "check-in-owner-1-\(day)", kind: Journal.checkInKind, createdAt: day.date, in: space)

        let read = try await Journal.checkIns(from: store, space: space)

        #expect(read == [checkIn])
        let ids = try await store.records(Journal.checkInKind, in: space).map(\.id)
        #expect(ids == [Journal.checkInID(day, in: space)])
    }
}

