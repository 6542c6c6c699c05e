import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import TendApp
import Testing

@testable import TendStore
@testable import TendWeb

/// A stored record that cannot be read (damaged on disk, or holding values today's rules refuse)
/// is named as unreadable where it is opened, left out of lists, and never stops the rest of Tend.
struct UnreadableRecordTests {
    @Test func aDamagedSessionIsSaidToBeUnreadableAndEverythingElseWorks() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-unreadable-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withTestApp(folder: folder) { browser, _ in
            try await browser.setUpSpace()
            let damaged = try await SessionFlowTests.startSession(browser)
            let intact = try await SessionFlowTests.startSession(browser)
            try await SessionFlowTests.press("start", on: intact, browser)

            // One byte of the first session's sealed record changes on disk, and its digest goes.
            let id = String(try #require(damaged.split(separator: "/").last))
            let database = try await TendDatabase.openSQLite(path: DataLocation(dataDirectory: folder.path).sqlitePath)
            try await database.withSession { database in
                let sealed = try #require(
                    try await database.raw("SELECT sealed FROM practice_sessions WHERE id = \(bind: id)").first()?
                        .decode(column: "sealed", as: Data.self))
                var flipped = sealed
                flipped[flipped.count - 1] ^= 0x01
                try await database.raw("UPDATE practice_sessions SET sealed = \(bind: flipped), digest = NULL WHERE id = \(bind: id)").run()
            }
            await database.close()

            let opened = try await browser.get(damaged)
            #expect(opened.status == .unprocessableContent)
            #expect(opened.text.contains("could not be read"))
            for page in ["/", "/sessions", "/progress", "/report", intact] {
                #expect(try await browser.get(page).status == .ok, "\(page)")
            }
            let export = try await browser.get("/your-data/tend-export.json")
            #expect(export.status == .ok)
            #expect(!export.text.contains(id))
            #expect(export.text.contains(String(try #require(intact.split(separator: "/").last))))
        }
    }

    @Test func aDamagedProgrammeLeavesItsSessionsUnreadableAndNewOnesFollowTendsOwn() async throws {
        let clock = ManualClock()
        try await PractitionerTests.withHostedTend(clock: clock) { browser, folder in
            // Given Willow took a programme on and began a session with it
            let (sam, willow, link) = try await PractitionerTests.linked(browser, clock: clock)
            let form = try PractitionerProgrammeTests.programmeForm(PractitionerProgrammeTests.gentleStart.merging(["action": "offer"]) { $1 })
            try await sam.post("/practitioner/people/\(link)/programme", form: form)
            let offer = String(try #require(try await willow.get("/sharing").text.firstMatch(of: /action="\/sharing\/offers\/([^"]+)"/)).1)
            try await willow.post("/sharing/offers/\(offer)", form: ["answer": "accept"])
            let followed = try await SessionFlowTests.startSession(willow)
            try await SessionFlowTests.press("next", on: followed, willow)

            // When the kept programme's sealed record changes on disk
            let database = try await TendDatabase.openSQLite(path: DataLocation(dataDirectory: folder.path).sqlitePath)
            try await database.withSession { database in
                let row = try #require(try await database.raw("SELECT id, sealed FROM sealed_records WHERE kind = 'kept-program'").first())
                var flipped = try row.decode(column: "sealed", as: Data.self)
                flipped[flipped.count - 1] ^= 0x01
                try await database.raw("UPDATE sealed_records SET sealed = \(bind: flipped) WHERE id = \(bind: try row.decode(column: "id", as: String.self))").run()
            }
            await database.close()

            // Then its session is said to be unreadable, and everything else goes on with Tend's own
            #expect(try await willow.get(followed).status == .unprocessableContent)
            for page in ["/", "/sessions", "/progress", "/programmes", "/sharing"] {
                #expect(try await willow.get(page).status == .ok, "\(page)")
            }
            // Tend's own is the one marked as followed, and home says so plainly.
            let programmes = try await willow.get("/programmes").text
            #expect(programmes.contains("Your new sessions follow this one."))
            #expect(!programmes.contains("Gentle start"))
            #expect(!(try await willow.get("/").text.contains("Gentle start")))
            let next = try await SessionFlowTests.startSession(willow)
            _ = try await PractitionerProgrammeTests.walk(next, to: "Holding with a still, full hand", willow)
            let exported = Data(buffer: try await willow.get("/your-data/tend-export.json").body)
            let text = String(decoding: exported, as: UTF8.self)
            #expect(!text.contains(String(try #require(followed.split(separator: "/").last))))
            #expect(!text.contains("followingProgram"))
            let target = FileManager.default.temporaryDirectory.appendingPathComponent("tend-damaged-programme-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: target) }
            #expect(text.contains(String(try #require(next.split(separator: "/").last))))
            let location = AppConfig(port: 0, dataDirectory: target.path, scryptCost: .testingOnly).dataLocation
            let recoveryKey = try await SpaceArchive.importExport(exported, into: location, passphrase: PractitionerTests.passphrase, cost: .testingOnly, progress: { _ in })
            #expect(!recoveryKey.isEmpty)
            let again = try await SpaceArchive.export(from: location, passphrase: PractitionerTests.passphrase, progress: { _ in })
            #expect(again == exported)
        }
    }

    @Test func anOfferThatCannotBeReadCanStillBeDeclined() async throws {
        let clock = ManualClock()
        try await PractitionerTests.withHostedTend(clock: clock) { browser, folder in
            // Given Sam offered Willow a programme, and its sealed bytes changed on disk
            let (sam, willow, link) = try await PractitionerTests.linked(browser, clock: clock)
            let form = try PractitionerProgrammeTests.programmeForm(PractitionerProgrammeTests.gentleStart.merging(["action": "offer"]) { $1 })
            try await sam.post("/practitioner/people/\(link)/programme", form: form)
            let database = try await TendDatabase.openSQLite(path: DataLocation(dataDirectory: folder.path).sqlitePath)
            try await database.withSession { database in
                let row = try #require(try await database.raw("SELECT id, sealed FROM offers").first())
                var flipped = try row.decode(column: "sealed", as: Data.self)
                flipped[flipped.count - 1] ^= 0x01
                try await database.raw("UPDATE offers SET sealed = \(bind: flipped) WHERE id = \(bind: try row.decode(column: "id", as: String.self))").run()
            }
            await database.close()

            // Then Willow is told it could not be read, cannot take it on, and can remove it
            let sharing = try await willow.get("/sharing").text
            #expect(sharing.contains("A suggestion from Sam, physiotherapist could not be read"))
            let offer = String(try #require(sharing.firstMatch(of: /action="\/sharing\/offers\/([^"]+)"/)).1)
            let taken = try await willow.post("/sharing/offers/\(offer)", form: ["answer": "accept"])
            #expect(taken.status == .conflict)
            #expect(taken.text.contains("could not be read, so it cannot be taken on"))
            #expect(try await willow.post("/sharing/offers/\(offer)", form: ["answer": "decline"]).location == "/sharing")
            #expect(!(try await willow.get("/sharing").text.contains("could not be read")))
            #expect(!(try await sam.get("/practitioner/people/\(link)").text.contains("waiting for their answer")))
        }
    }
}
