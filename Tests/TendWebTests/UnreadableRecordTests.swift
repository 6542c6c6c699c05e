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
}
