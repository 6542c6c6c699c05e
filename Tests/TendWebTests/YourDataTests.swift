import Foundation
import NIOCore
import TendApp
import Testing
import TendCore
import ZIPFoundation

@testable import TendWeb

@Suite("Export, import and erase")
struct YourDataTests {
    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tend-data-\(UUID().uuidString)")
    }

    static func config(_ folder: URL) -> AppConfig {
        AppConfig(port: 0, dataDirectory: folder.path, scryptCost: .testingOnly, logLevel: .warning)
    }

    static let passphrase = "kettle violet harbour"

    /// An export made through the web pages of a space with a bit of everything in it.
    static func exportWithEverything(canary: String = "a quiet note") async throws -> Data {
        let box = DataBox()
        try await withTestApp { browser, clock in
            try await browser.setUpSpace(passphrase: passphrase)
            let today = Day(clock.now)
            let session = try await SessionFlowTests.startSession(browser)
            for _ in 0..<3 {
                clock.advance(90)
                try await SessionFlowTests.press("next", on: session, browser)
            }
            _ = try await browser.post("/journal", form: ["day": today.description, "tried-dilator": "on", "pain-dilator": "3", "note": canary, "periodStarted": "on"])
            _ = try await browser.post("/journal", form: ["day": (today - 1).description, "mood": "bright"])
            _ = try await browser.post("/intake", form: ["extent": "partial", "onset": "always", "anxiety-tampon": "4", "pain-tampon": "2"])
            _ = try await browser.post("/settings", form: ["inhale": "4", "exhale": "7", "jaw": "10"])
            _ = try await browser.post("/steps/arrange", form: ["action": "dilator", "diameter": "16"])
            _ = try await browser.post("/steps/mirror/practise", form: StepsTests.practice(before: 2, after: 1, pain: 0, note: canary))
            // A step practised with a partner is a session following the step's own programme.
            _ = try await browser.post("/steps/mirror/partner")
            let download = try await browser.get("/your-data/tend-export.json")
            #expect(download.status == .ok)
            #expect(download.headers[.contentDisposition]?.contains("attachment") == true)
            #expect(download.headers[.cacheControl] == "no-store")
            box.data = Data(buffer: download.body)
        }
        return box.data
    }

    final class DataBox: @unchecked Sendable { var data = Data() }

    @Test func exportThenImportThenExportIsIdentical() async throws {
        let exported = try await Self.exportWithEverything()
        let json = try #require(try JSONSerialization.jsonObject(with: exported) as? [String: Any])
        #expect(json["format"] as? String == "tend-export")
        #expect((json["sessions"] as? [Any])?.count == 2)
        #expect((json["checkIns"] as? [Any])?.count == 2)
        #expect((json["intakes"] as? [Any])?.count == 1)
        #expect(json["preferences"] != nil && json["cycle"] != nil)
        #expect(((json["steps"] as? [String: Any])?["ladder"] as? [String: Any])?["steps"] as? [Any] != nil)
        #expect((json["stepPractices"] as? [Any])?.count == 1)

        let target = Self.folder()
        defer { try? FileManager.default.removeItem(at: target) }
        let recoveryKey = try await SpaceArchive.importExport(
            exported, into: Self.config(target).dataLocation, passphrase: Self.passphrase, cost: .testingOnly, progress: { _ in })
        #expect(recoveryKey.split(separator: "-").count == 8)
        let again = try await SpaceArchive.export(from: Self.config(target).dataLocation, passphrase: Self.passphrase, progress: { _ in })
        #expect(again == exported)
        // `tend export --csv` of the imported space: the same tables the web page offers.
        let tables = try await SpaceArchive.export(from: Self.config(target).dataLocation, passphrase: Self.passphrase, format: .csvZip, progress: { _ in })
        let archive = try Archive(data: tables, accessMode: .read)
        #expect(Array(archive).count == 11)
        let checkInsEntry = try #require(archive["tend-export/check-ins.csv"])
        var checkIns = Data()
        _ = try archive.extract(checkInsEntry) { checkIns.append($0) }
        #expect(String(decoding: checkIns, as: UTF8.self).split(separator: "\r\n").count == 1 + 2)

        // A second import into the same folder is refused: it already has a space.
        await #expect(throws: ArchiveError.spaceExists) {
            try await SpaceArchive.importExport(exported, into: Self.config(target).dataLocation, passphrase: Self.passphrase, cost: .testingOnly, progress: { _ in })
        }
        await #expect(throws: ArchiveError.wrongPassphrase) {
            try await SpaceArchive.export(from: Self.config(target).dataLocation, passphrase: "not the passphrase", progress: { _ in })
        }
    }

    @Test func spreadsheetTablesHoldEveryRecordSafelyQuoted() async throws {
        let note = "=SUM(A1), then \"more\"\non a second line"
        try await withTestApp { browser, clock in
            try await browser.setUpSpace(passphrase: Self.passphrase)
            let today = Day(clock.now)
            let session = try await SessionFlowTests.startSession(browser)
            for _ in 0..<3 {
                clock.advance(90)
                try await SessionFlowTests.press("next", on: session, browser)
            }
            _ = try await browser.post("/journal", form: ["day": today.description, "tried-tampon": "on", "anxiety-tampon": "6", "pain-tampon": "4", "bodyTension": "5", "note": note])
            let download = try await browser.get("/your-data/tend-export-tables.zip")
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "application/zip")
            #expect(download.headers[.cacheControl] == "no-store")

            let archive = try Archive(data: Data(buffer: download.body), accessMode: .read)
            var files: [String: String] = [:]
            for entry in archive {
                var bytes = Data()
                _ = try archive.extract(entry) { bytes.append($0) }
                files[entry.path] = String(decoding: bytes, as: UTF8.self)
            }
            #expect(files.keys.sorted() == [
                "agreements", "check-ins", "partner-signals", "period-starts", "point-ratings", "self-assessments", "session-steps", "sessions", "settings",
                "step-practices", "steps",
            ].map { "tend-export/\($0).csv" })

            let checkIns = try #require(files["tend-export/check-ins.csv"]).components(separatedBy: "\r\n")
            #expect(checkIns[0].hasPrefix("day,body_tension,mood,tampon_anxiety,tampon_pain,cottonBud_anxiety"))
            // The note keeps its comma, quotes and line break inside one quoted field, and cannot
            // turn into a spreadsheet formula.
            #expect(checkIns[1] == "\(today),5,,6,4,,,,,,,,,,,\"'=SUM(A1), then \"\"more\"\"\non a second line\"")
            #expect(checkIns.count == 3 && checkIns[2].isEmpty)

            let sessions = try #require(files["tend-export/sessions.csv"]).split(separator: "\r\n")
            #expect(sessions.count == 2)
            #expect(sessions[1].hasPrefix(String(session.split(separator: "/").last ?? "") + ",solo,"))
            // Set-up, warm-up and the holdings were walked through: four steps so far.
            #expect(try #require(files["tend-export/session-steps.csv"]).split(separator: "\r\n").count == 1 + 4)
        }
    }

    @Test func anExportChosenInTheBrowserBecomesTheNewSpace() async throws {
        let exported = try await Self.exportWithEverything()
        try await withTestApp { browser, _ in
            let passphrase = ["passphrase": "a new long passphrase", "confirmation": "a new long passphrase"]
            // Mistakes come back on the set-up page beside the import form, and make no space.
            let mistakes: [([String: String], [String: Data], String)] = [
                (passphrase, [:], "Please choose the export file"),
                (passphrase, ["export": Data(#"{"hello": "world"}"#.utf8)], "not a Tend export"),
                (["passphrase": "a new long passphrase", "confirmation": "another one"], ["export": exported], "not the same"),
                (["passphrase": "short", "confirmation": "short"], ["export": exported], "at least"),
            ]
            for (fields, files, message) in mistakes {
                let refused = try await browser.upload("/setup/from-export", fields: fields, files: files)
                #expect(refused.status.code >= 400 && refused.status.code < 500)
                #expect(refused.text.contains(message))
                #expect(refused.text.contains("Or bring in what you exported"))
                #expect(try await browser.get("/unlock").location == "/setup")
            }
            // Only the import form may send a file: any other form sent that way is refused unread.
            #expect(try await browser.upload("/setup", fields: passphrase).status == .forbidden)
            // Without this browser's anti-forgery token nothing happens either.
            let forged = try await browser.upload("/setup/from-export", fields: passphrase, files: ["export": exported], csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(try await browser.get("/unlock").location == "/setup")
            // The token must come first, so a forged upload is refused before the file is read.
            let tokenLast = try await browser.send(
                "/setup/from-export", method: .post, headers: [.contentType: "multipart/form-data; boundary=b"],
                body: ByteBuffer(string: "--b\r\nContent-Disposition: form-data; name=\"export\"\r\n\r\n{}\r\n--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrf ?? "")\r\n--b--\r\n"))
            #expect(tokenLast.status == .forbidden, "\(tokenLast.text)")

            let made = try await browser.upload("/setup/from-export", fields: passphrase, files: ["export": exported])
            #expect(made.status == .ok)
            #expect(made.text.contains("Write down your recovery key"))
            let again = try await browser.get("/your-data/tend-export.json")
            #expect(Data(buffer: again.body) == exported)

            let second = try await browser.upload("/setup/from-export", fields: passphrase, files: ["export": exported])
            #expect(second.text.contains("already has a private space"))
        }
    }

    @Test func corruptOrForeignFilesAreRefusedAndChangeNothing() async throws {
        let exported = try await Self.exportWithEverything()
        let text = String(decoding: exported, as: UTF8.self)
        let cases: [(Data, ArchiveError)] = [
            (Data(#"{"hello": "world"}"#.utf8), .notAnExport),
            (Data("not json at all".utf8), .notAnExport),
            (exported.prefix(exported.count / 2), .notAnExport),
            (Data(text.replacingOccurrences(of: #""version" : 3"#, with: #""version" : 7"#).utf8), .newerVersion(7)),
            (Data(text.replacingOccurrences(of: #""programID" : "standard""#, with: #""programID" : "offered:gone""#).utf8),
             .damaged(at: "sessions.0.programID: this session follows a programme this file does not hold")),
            (Data(text.replacingOccurrences(of: #""pain" : 3"#, with: #""pain" : 30"#).utf8),
             .damaged(at: "checkIns.1.tried.dilator.pain: pain must be between 0 and 10")),
        ]
        for (file, expected) in cases {
            let target = Self.folder()
            defer { try? FileManager.default.removeItem(at: target) }
            await #expect(throws: expected) {
                try await SpaceArchive.importExport(file, into: Self.config(target).dataLocation, passphrase: Self.passphrase, cost: .testingOnly, progress: { _ in })
            }
            await #expect(throws: ArchiveError.noSpace) {
                try await SpaceArchive.export(from: Self.config(target).dataLocation, passphrase: Self.passphrase, progress: { _ in })
            }
        }
    }

    @Test func erasingLeavesNoTraceInAnyFileOfTheDataFolder() async throws {
        // The space's identifier is stored in clear beside every sealed row, so it is the canary:
        // present in the files before the erase, and nowhere after.
        let canary = "canary-\(UUID().uuidString)"
        let exported = try await Self.exportWithEverything()
        let text = String(decoding: exported, as: UTF8.self)
        let owner = try #require((try JSONSerialization.jsonObject(with: exported) as? [String: Any])?["owner"] as? String)
        let renamed = Data(text.replacingOccurrences(of: owner, with: canary).utf8)
        let target = Self.folder()
        defer { try? FileManager.default.removeItem(at: target) }
        _ = try await SpaceArchive.importExport(renamed, into: Self.config(target).dataLocation, passphrase: Self.passphrase, cost: .testingOnly, progress: { _ in })
        #expect(try Self.filesContaining(canary, in: target).isEmpty == false)

        await #expect(throws: ArchiveError.confirmationDiffers(expected: "erase everything")) {
            try await SpaceArchive.erase(at: Self.config(target).dataLocation, confirmation: "yes")
        }
        #expect(try await SpaceArchive.erase(at: Self.config(target).dataLocation, confirmation: "erase everything"))

        #expect(try Self.filesContaining(canary, in: target) == [])
        #expect(try await SpaceArchive.erase(at: Self.config(target).dataLocation, confirmation: "erase everything") == false)
    }

    static func filesContaining(_ needle: String, in folder: URL) throws -> [String] {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return try files.filter { url in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return false }
            return try Data(contentsOf: url).range(of: Data(needle.utf8)) != nil
        }.map(\.lastPathComponent)
    }

    @Test func erasingFromTheBrowserNeedsTheTypedConfirmation() async throws {
        try await withTestApp { browser, clock in
            try await browser.setUpSpace()
            _ = try await browser.post("/journal", form: ["day": Day(clock.now).description, "mood": "content"])
            #expect(try await browser.get("/your-data").text.contains("To confirm, type: erase everything"))

            let refused = try await browser.post("/your-data/erase", form: ["confirmation": "erase"])
            #expect(refused.status == .badRequest)
            #expect(try await browser.get("/journal").text.contains("content"))

            let erased = try await browser.post("/your-data/erase", form: ["confirmation": "Erase everything"])
            #expect(erased.location == "/")
            #expect(try await browser.get("/journal").location == "/unlock")
            #expect(try await browser.get("/").text.contains("passphrase"))
            let unlock = try await browser.post("/unlock", form: ["passphrase": "kettle violet harbour"])
            #expect(unlock.status != .seeOther)
        }
    }
}
