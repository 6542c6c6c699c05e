import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TendApp
import TendCore
import Testing
import ZIPFoundation

@testable import TendWeb

/// A practitioner writes a session programme, the person takes it on, and their sessions follow it.
@Suite("Programmes from a practitioner")
struct PractitionerProgrammeTests {
    /// The form as the practitioner's page first shows it (Tend's own programme), with `changes`.
    static func programmeForm(_ changes: [String: String]) throws -> [String: String] {
        ProgramDraft(try Program.standard()).fields.merging(changes) { $1 }
    }

    /// "Gentle start": a longer warm-up, a title of its own, and one gate whose points Tend's own
    /// programme never visits at that gate (12, 1, 2).
    static let gentleStart = [
        "name": "Gentle start", "warmUpMinutes": "40", "title-fullHandHolding": "A warm, resting hand, for as long as you like",
        "depth-1": "just the very tip", "sequence-1": "12 1 2", "depth-2": "", "sequence-2": "", "depth-3": "", "sequence-3": "",
    ]

    /// Presses "next" until the page shows `words`; the page's path stays the session's.
    static func walk(_ session: String, to words: String, _ browser: Browser) async throws -> String {
        for _ in 0..<8 {
            let page = try await browser.get(session).text
            if page.contains(words) { return page }
            try await SessionFlowTests.press("next", on: session, browser)
        }
        let title = try await browser.get(session).text.firstMatch(of: /<title>([^<]*)<\/title>/).map { String($0.1) } ?? "no title"
        Issue.record("never reached \(words); at \(title)")
        return ""
    }

    @Test func aBadFieldIsNamedAndMarkedWithEverythingAsTyped() async throws {
        let clock = ManualClock()
        try await PractitionerTests.withHostedTend(clock: clock) { browser, _ in
            let (sam, willow, link) = try await PractitionerTests.linked(browser, clock: clock)
            let path = "/practitioner/people/\(link)/programme"
            let form = try await sam.get(path)
            #expect(form.status == .ok)
            #expect(form.text.contains("Make the space yours"))  // it starts as Tend's own

            // Each problem names the field in words, with TendCore's own sentence, and marks it.
            let cases: [([String: String], String, String)] = [
                (["alone-warmUp": "Ask your partner to begin slowly."], "The warm-up: the words for someone practising alone: is read by someone practising alone", "alone-warmUp"),
                (["title-close": "Rest with her"], "The close: its title: uses the gendered word", "title-close"),
                (["sequence-1": "6 7 13"], "Gate 1's points: \"13\" is not an hour of the clock", "sequence-1"),
                (["sequence-1": "", "depth-1": "", "depth-2": "to the cuticle", "sequence-2": "6 7"], "Gate 2's depth: gate 1 is empty", "depth-2"),
                (["dwellMax": "2"], "The most minutes on a point: must not be less than", "dwellMax"),
                (["line-pointPress-giver": "Press gently."], "On a point (must say {hour}), for the partner giving: must say which point", "line-pointPress-giver"),
                (["include-warmUp": ""], "The warm-up: genital touch comes only after a warm-up", "include-warmUp"),
                (["name": String(repeating: "n", count: Program.nameLimit + 1)], "The programme's name: is 81 characters", "name"),
            ]
            for (change, words, formField) in cases {
                let refused = try await sam.post(path, form: try Self.programmeForm(change.merging(["action": "offer"]) { $1 }))
                #expect(refused.status == .badRequest, "\(formField)")
                let shown = refused.text.replacingOccurrences(of: "&quot;", with: "\"")
                #expect(shown.contains(words), "\(formField)")
                let marked = refused.text.range(of: #"id="\#(formField)"[^>]*aria-invalid="true""#, options: .regularExpression)
                #expect(marked != nil, "\(formField) is marked")
                #expect(refused.text.components(separatedBy: #"aria-invalid="true""#).count == 2, "only \(formField) is marked")
                for typed in change.values where !typed.isEmpty {
                    #expect(refused.text.contains(attributeText(typed)) || refused.text.contains(typed), "\(typed) kept")
                }
            }
            // Times shorter than the method's usual are allowed, with a gentle word in the preview.
            let short = try await sam.post(path, form: try Self.programmeForm(["action": "preview", "warmUpMinutes": "10"]))
            #expect(short.status == .ok)
            #expect(short.text.contains("shorter than the method usually suggests"))
            let usual = try await sam.post(path, form: try Self.programmeForm(["action": "preview"]))
            #expect(!usual.text.contains("shorter than the method usually suggests"))
            // Nothing was offered.
            #expect(!(try await willow.get("/sharing").text.contains("suggests a programme")))
        }
    }

    @Test func aWholeProgrammeOfLongWordsFitsOneFormPost() async throws {
        let clock = ManualClock()
        try await PractitionerTests.withHostedTend(clock: clock) { browser, _ in
            let (sam, _, link) = try await PractitionerTests.linked(browser, clock: clock)
            // Every text at the limit, in letters that take several bytes each once form-encoded.
            var form = try Self.programmeForm(["action": "preview", "name": "Lente et douce"])
            let long = String(repeating: "é", count: Program.textLimit)
            for (name, _) in form where name.hasPrefix("title-") || name.hasPrefix("alone-") || name.hasPrefix("receiver-")
                || name.hasPrefix("giver-") || name.hasPrefix("depth-") || name.hasPrefix("line-") {
                form[name] = name.hasPrefix("line-pointPress") ? String(long.dropLast(7)) + " {hour}" : long
            }
            let encoded = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
            #expect(encoded.utf8.count > 64 * 1024)
            let preview = try await sam.post("/practitioner/people/\(link)/programme", form: form)
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Preview: Lente et douce"))
        }
    }

    @Test func eachWayOnIsNamedByWhereItLeadsInTheProgramme() async throws {
        let clock = ManualClock()
        try await PractitionerTests.withHostedTend(clock: clock) { browser, _ in
            // Given a programme of the warm-up and holding with a full hand, and nothing after
            let (sam, willow, link) = try await PractitionerTests.linked(browser, clock: clock)
            let short = ["name": "Only holding", "include-entranceHolding": "", "include-clockFace": "", "action": "offer"]
            #expect(try await sam.post("/practitioner/people/\(link)/programme", form: try Self.programmeForm(short)).status == .ok)
            let offer = String(try #require(try await willow.get("/sharing").text.firstMatch(of: /action="\/sharing\/offers\/([^"]+)"/)).1)
            try await willow.post("/sharing/offers/\(offer)", form: ["answer": "accept"])

            // Then each button says where it leads, and the last part's way on is the close itself
            let session = try await SessionFlowTests.startSession(willow)
            #expect(try await willow.get(session).text.contains(">Begin the warm-up<"))
            try await SessionFlowTests.press("next", on: session, willow)
            #expect(try await willow.get(session).text.contains(">Go on to holding<"))
            try await SessionFlowTests.press("next", on: session, willow)
            let holding = try await willow.get(session).text
            #expect(holding.contains(">Go on to rest and close<"))
            #expect(!holding.contains("Go on to the entrance"))
            #expect(!holding.contains(">Rest and close for today<"))  // one way to the close, not two
            try await SessionFlowTests.press("next", on: session, willow)
            #expect(try await willow.get(session).text.contains("Rest and come back"))
        }
    }

    @Test func anAcceptedProgrammeDrivesTheSessionsUntilThePersonGoesBack() async throws {
        let clock = ManualClock()
        try await PractitionerTests.withHostedTend(clock: clock) { browser, _ in
            let (sam, willow, link) = try await PractitionerTests.linked(browser, clock: clock)
            let path = "/practitioner/people/\(link)/programme"

            // Given a programme previewed, then offered with a note
            let preview = try await sam.post(path, form: try Self.programmeForm(Self.gentleStart.merging(["action": "preview"]) { $1 }))
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Preview: Gentle start"))
            #expect(preview.text.contains("Gate 1, just the very tip: 12 → 1 → 2"))
            #expect(!(try await willow.get("/sharing").text.contains("suggests a programme")))
            let offered = try await sam.post(path, form: try Self.programmeForm(Self.gentleStart.merging(["action": "offer", "note": "Slowly does it"]) { $1 }))
            #expect(offered.text.contains("Offered. It waits for their answer."))
            #expect(try await sam.get("/practitioner/people/\(link)").text.contains("One suggestion from you is waiting for their answer."))
            // Sam keeps what was offered, to start from again (for Willow, or anyone).
            let editor = try await sam.get(path).text
            let from = String(try #require(editor.firstMatch(of: /href="[^"]*\?from=([0-9a-f-]+)">Gentle start</)).1)
            let startedFrom = try await sam.get(path + "?from=" + from).text
            #expect(startedFrom.contains(#"id="name" value="Gentle start""#))
            #expect(startedFrom.contains(#"id="sequence-1" value="12 1 2""#))
            #expect(try await willow.get(path + "?from=" + from).status == .notFound)

            // When Willow reads it and takes it on
            let sharing = try await willow.get("/sharing").text
            #expect(sharing.contains("Sam, physiotherapist suggests a programme for your sessions: Gentle start"))
            #expect(sharing.contains("Slowly does it"))
            #expect(sharing.contains("Suggested: a warm-up of 40 minutes or more"))
            let offer = String(try #require(sharing.firstMatch(of: /action="\/sharing\/offers\/([^"]+)"/)).1)
            let rowan = browser()
            _ = try await HostedTests.signUp(rowan, name: "rowan")
            #expect(try await rowan.post("/sharing/offers/\(offer)", form: ["answer": "accept"]).status == .notFound)
            // Neither yes nor no changes nothing: the offer still waits.
            #expect(try await willow.post("/sharing/offers/\(offer)", form: ["answer": "maybe"]).status == .badRequest)
            #expect(try await willow.post("/sharing/offers/\(offer)", form: [:]).status == .badRequest)
            #expect(try await willow.post("/sharing/offers/\(offer)", form: ["answer": "accept"]).location == "/programmes")
            #expect(!(try await sam.get("/practitioner/people/\(link)").text.contains("waiting for their answer")))
            let programmes = try await willow.get("/programmes").text
            #expect(programmes.contains("Offered by Sam, physiotherapist"))
            #expect(programmes.components(separatedBy: "Your new sessions follow this one").count == 2)
            #expect(try await willow.get("/").text.contains("Your sessions follow “Gentle start”, from Sam, physiotherapist."))

            // Then a session follows it: its own title, its own gate and points
            let session = try await SessionFlowTests.startSession(willow)
            _ = try await Self.walk(session, to: "A warm, resting hand, for as long as you like", willow)
            let point = try await Self.walk(session, to: "Gate 1 · 12 o", willow)
            #expect(point.contains("just the very tip"))
            clock.advance(120)
            try await SessionFlowTests.press("rate", on: session, willow, extra: ["tension": "2", "pain": "1"])
            try await SessionFlowTests.press("end", on: session, willow)
            let progress = try await willow.get("/progress").text
            #expect(progress.contains("12 o&#39;clock") || progress.contains("12 o'clock"))
            #expect(progress.contains("12 o'clock: 1.0 of 10"))  // drawn on the map too

            // And what Willow shares reads the same, through the programme her session followed
            let today = Day(clock.now)
            try await willow.post("/sharing/\(link)/share", form: ["from": (today - 7).description, "to": today.description, "map": "on", "sessions": "on"])
            let seen = try await sam.get("/practitioner/people/\(link)").text
            #expect(seen.contains("12 o'clock: 1.0 of 10"))
            #expect(seen.contains("Each session"))
            #expect(seen.contains("Ended when they chose"))
            #expect(seen.contains("1, at gate 1"))

            // Her export holds the programme, and imports into a Tend of her own exactly as it was
            let exported = Data(buffer: try await willow.get("/your-data/tend-export.json").body)
            let json = try #require(try JSONSerialization.jsonObject(with: exported) as? [String: Any])
            #expect((json["programs"] as? [Any])?.count == 1)
            #expect((json["followingProgram"] as? String)?.hasPrefix(Programmes.keptPrefix) == true)
            let target = FileManager.default.temporaryDirectory.appendingPathComponent("tend-programme-import-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: target) }
            let location = AppConfig(port: 0, dataDirectory: target.path, scryptCost: .testingOnly).dataLocation
            _ = try await SpaceArchive.importExport(exported, into: location, passphrase: PractitionerTests.passphrase, cost: .testingOnly, progress: { _ in })
            let again = try await SpaceArchive.export(from: location, passphrase: PractitionerTests.passphrase, progress: { _ in })
            #expect(again == exported)
            // The spreadsheet tables name its points by the programme it followed (12 o'clock at gate 1).
            let tables = try Archive(data: Data(buffer: try await willow.get("/your-data/tend-export-tables.zip").body), accessMode: .read)
            var ratings = Data(), sessions = Data()
            _ = try tables.extract(try #require(tables["tend-export/point-ratings.csv"])) { ratings.append($0) }
            _ = try tables.extract(try #require(tables["tend-export/sessions.csv"])) { sessions.append($0) }
            #expect(String(decoding: ratings, as: UTF8.self).contains(",1,12,"))
            #expect(String(decoding: sessions, as: UTF8.self).contains(",Gentle start\r\n"))

            // When Willow goes back to Tend's own programme, new sessions follow it again
            let standard = try Program.standard()
            #expect(try await willow.post("/programmes", form: ["program": standard.id]).location == "/programmes")
            #expect(try await willow.get("/").text.contains("Your sessions follow Tend's own programme."))
            let next = try await SessionFlowTests.startSession(willow)
            _ = try await Self.walk(next, to: "Holding with a still, full hand", willow)
            // The earlier session still shows with its own programme.
            #expect(try await willow.get(session).status == .ok)
            // A programme that is not one of hers cannot be chosen: not even one Rowan really keeps.
            let rowanCode = try await PractitionerTests.linkCode(sam)
            try await rowan.post("/sharing/link/confirm", form: ["linkCode": rowanCode, "pseudonym": "Rowan"])
            let rowanLink = String(try #require(try await rowan.get("/sharing").text.firstMatch(of: /action="\/sharing\/([^\/"]+)\/share"/)).1)
            try await sam.post("/practitioner/people/\(rowanLink)/programme", form: try Self.programmeForm(Self.gentleStart.merging(["action": "offer"]) { $1 }))
            let rowanOffer = String(try #require(try await rowan.get("/sharing").text.firstMatch(of: /action="\/sharing\/offers\/([^"]+)"/)).1)
            try await rowan.post("/sharing/offers/\(rowanOffer)", form: ["answer": "accept"])
            let rowans = try #require(try await rowan.api(.get, "/api/v1/programmes").json()["following"] as? String)
            #expect(rowans.hasPrefix(Programmes.keptPrefix))
            let refused = try await willow.post("/programmes", form: ["program": rowans])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("not one of yours"))
        }
    }

    @Test func aPartnerSessionFollowsTheProgrammeTheReceiverTookOn() async throws {
        let clock = ManualClock()
        try await withLiveApp(clock: clock, hosted: true) { client in
            // Given Willow took Sam's programme on
            let (sam, willow, link) = try await PractitionerTests.linked({ Browser(client: client) }, clock: clock)
            try await sam.post("/practitioner/people/\(link)/programme", form: try Self.programmeForm(Self.gentleStart.merging(["action": "offer"]) { $1 }))
            let offer = String(try #require(try await willow.get("/sharing").text.firstMatch(of: /action="\/sharing\/offers\/([^"]+)"/)).1)
            try await willow.post("/sharing/offers/\(offer)", form: ["answer": "accept"])
            try await willow.post("/agreement", form: AgreementPageTests.complete)

            // When she begins a session with a partner's phone
            let pair = try await PairedSession.make(client: client, receiver: willow)
            let receiver = try await pair.connect(pair.receiver)
            let giver = try await pair.connect(pair.giver)
            _ = try await giver.next("state")
            receiver.intent("start", ref: "r1")
            _ = try await giver.next("state", .init(kind: "phase"))
            for ref in ["r2", "r3"] {
                receiver.intent("next", ref: ref)
                _ = try await receiver.next("ack", .init(ref: ref))
            }

            // Then the partner's screen reads the programme's own words, and only she moves it on
            let holding = try await giver.next("state", .init(phase: "fullHandHolding"))
            #expect(holding.state?.title == "A warm, resting hand, for as long as you like")
            giver.intent("next", ref: "g1")
            #expect(try await giver.next("error", .init(ref: "g1")).code == "onlyTheReceiverCan")
            _ = try await receiver.close()
            _ = try await giver.close()
        }
    }
}
