import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TendCore
import TendVault
import Testing

@testable import TendWeb

/// Practitioners and sharing through the JSON API, every answer checked against the document.
@Suite("Practitioners through the API")
struct PractitionerAPITests {
    @Test func aPractitionerAndAPersonDoEverythingThroughTheAPI() async throws {
        let clock = ManualClock()
        try await PractitionerTests.withHostedTend(clock: clock) { browser, _ in
            let sam = browser()
            let willow = browser()
            let document = try await OpenAPIDocument(sam.get("/api/openapi.yaml"))
            var checked: [(String, HTTPRequest.Method, TestResponse)] = []
            func call(
                _ who: Browser, _ method: HTTPRequest.Method, _ template: String, _ path: String? = nil, json: String? = nil
            ) async throws -> TestResponse {
                let response = method == .get ? try await who.get(path ?? template) : try await who.api(method, path ?? template, json: json)
                checked.append((template, method, response))
                return response
            }
            func body(_ value: Any) throws -> String { String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self) }

            // Sam signs up with an authenticator app; a wrong code makes nothing.
            let secret = try await call(sam, .get, "/api/v1/practitioners/sign-up").json()
            let codeSecret = try #require(secret["codeSecret"] as? String)
            let code = try #require(OneTimeCode(base32: codeSecret))
            var signUp: [String: Any] = [
                "name": "sam", "passphrase": PractitionerTests.passphrase, "displayName": "Sam, physiotherapist", "codeSecret": codeSecret,
                "code": "000000",
            ]
            if code.code(at: clock.now) == "000000" { signUp["code"] = "111111" }
            #expect(try await call(sam, .post, "/api/v1/practitioners/sign-up", json: try body(signUp)).status == .unauthorized)
            signUp["code"] = code.code(at: clock.now)
            #expect(try await call(sam, .post, "/api/v1/practitioners/sign-up", json: try body(signUp)).status == .created)
            let linkCode = try #require(try await call(sam, .post, "/api/v1/practitioner/link-codes").json()["linkCode"] as? String)

            // A hosted Tend needs a name to sign in with: the document cannot say so, the answer does.
            let nameless = try await call(browser(), .post, "/api/v1/space/setup", json: #"{"passphrase":"kettle violet harbour"}"#)
            #expect(nameless.status == .conflict)
            #expect((try nameless.json()["detail"] as? String)?.hasPrefix("The field name:") == true)

            // Willow looks the code up, sees who it is, and links.
            _ = try await HostedTests.signUp(willow, name: "willow")
            let who = try await call(willow, .post, "/api/v1/sharing/lookup", json: try body(["linkCode": linkCode]))
            #expect(try who.json()["practitioner"] as? String == "Sam, physiotherapist")
            let linked = try await call(willow, .post, "/api/v1/sharing/links", json: try body(["linkCode": linkCode, "pseudonym": "Willow"]))
            #expect(linked.status == .created)
            let link = try #require(try linked.json()["linkID"] as? String)
            #expect(try await call(sam, .get, "/api/v1/practitioner/people").json()["people"] as? [[String: String]] == [["linkID": link, "name": "Willow"]])
            // Willow is not a practitioner: Sam's paths are not there for her.
            #expect(try await call(willow, .get, "/api/v1/practitioner/people").status == .notFound)

            // Sam offers a programme; one with a gendered word is refused by field first.
            let standard = try #require(try await call(willow, .get, "/api/v1/programmes").json()["programmes"] as? [[String: Any]]).first
            var program = try #require(standard?["program"] as? [String: Any])
            program["name"] = "Gentle start"
            program["gates"] = [["number": 1, "depth": "just the very tip", "sequence": [12, 1, 2]]]
            var titled = try #require(program["phases"] as? [[String: Any]])
            titled[2]["title"] = ["alone": "A warm hand", "receiver": "A warm hand, held for you", "giver": "Your warm hand, resting"]
            program["phases"] = titled
            var wrong = program
            var phases = try #require(wrong["phases"] as? [[String: Any]])
            phases[0]["title"] = ["alone": "For her", "receiver": "For her", "giver": "For her"]
            wrong["phases"] = phases
            let refused = try await call(sam, .post, "/api/v1/practitioner/people/{id}/offers", "/api/v1/practitioner/people/\(link)/offers", json: try body(["program": wrong]))
            #expect(refused.status == .conflict)
            #expect((try refused.json()["detail"] as? String)?.hasPrefix("The field program.phases[0].title.alone: uses the gendered word") == true)
            let outside = try await call(sam, .post, "/api/v1/practitioner/people/{id}/offers", "/api/v1/practitioner/people/\(link)/offers", json: try body(["program": program, "ladder": ["steps": []]]))
            #expect(outside.status == .conflict)  // the document allows it; the rule "one or the other" is Tend's
            #expect(try await call(sam, .post, "/api/v1/practitioner/people/{id}/offers", "/api/v1/practitioner/people/\(link)/offers", json: "{}").status == .conflict)
            let offered = try await call(sam, .post, "/api/v1/practitioner/people/{id}/offers", "/api/v1/practitioner/people/\(link)/offers", json: try body(["program": program, "note": "Slowly"]))
            #expect(offered.status == .created)
            #expect(try await call(sam, .get, "/api/v1/practitioner/people/{id}", "/api/v1/practitioner/people/\(link)").json()["waitingOffers"] as? Int == 1)
            let written = try #require(try await call(sam, .get, "/api/v1/practitioner/programmes").json()["programmes"] as? [[String: Any]])
            #expect(written.compactMap { ($0["program"] as? [String: Any])?["name"] as? String } == ["Gentle start"])
            // Started from in the form, its titles for each reader are all there, ready to offer again.
            let key = try #require(written.first?["key"] as? String)
            let form = try await sam.get("/practitioner/people/\(link)/programme?from=\(key)").text
            #expect(form.contains(#"id="title-fullHandHolding" value="A warm hand""#))
            #expect(form.contains(#"id="title-receiver-fullHandHolding" value="A warm hand, held for you""#))
            #expect(form.contains(#"id="title-giver-fullHandHolding" value="Your warm hand, resting""#))
            #expect(!form.contains(#"id="title-receiver-warmUp" value"#))  // the same for everyone: left empty

            // Willow reads it, takes it on, and a session follows it.
            let sharing = try await call(willow, .get, "/api/v1/sharing").json()
            let offers = try #require(sharing["offers"] as? [[String: Any]])
            #expect(offers.count == 1)
            #expect((offers.first?["program"] as? [String: Any])?["name"] as? String == "Gentle start")
            let offerID = try #require(offers.first?["id"] as? String)
            #expect(try await call(willow, .post, "/api/v1/sharing/offers/{id}", "/api/v1/sharing/offers/\(offerID)", json: #"{"answer":"accept"}"#).status == .noContent)
            #expect(try await call(willow, .post, "/api/v1/sharing/offers/{id}", "/api/v1/sharing/offers/\(offerID)", json: #"{"answer":"accept"}"#).status == .notFound)
            let following = try #require(try await call(willow, .get, "/api/v1/programmes").json()["following"] as? String)
            #expect(following.hasPrefix("offered:"))
            let started = try await call(willow, .post, "/api/v1/sessions", json: #"{"mode":"solo"}"#)
            let session = try #require(try started.json()["id"] as? String)
            var position: [String: Any] = [:]
            for _ in 0..<5 where position["kind"] as? String != "point" {
                clock.advance(30)
                let moved = try await call(willow, .post, "/api/v1/sessions/{id}/events", "/api/v1/sessions/\(session)/events", json: #"{"intent":"next"}"#)
                position = try #require(try moved.json()["position"] as? [String: Any])
            }
            #expect(position["hour"] as? Int == 12)
            _ = try await call(willow, .post, "/api/v1/sessions/{id}/events", "/api/v1/sessions/\(session)/events", json: #"{"intent":"rate","tension":2,"pain":1}"#)
            _ = try await call(willow, .post, "/api/v1/sessions/{id}/events", "/api/v1/sessions/\(session)/events", json: #"{"intent":"end"}"#)

            // Willow shares the map, and keeps Sam up to date; Sam reads both with the programme.
            let today = Day(clock.now)
            let share = try await call(willow, .post, "/api/v1/sharing/links/{id}/shares", "/api/v1/sharing/links/\(link)/shares",
                json: try body(["from": (today - 7).description, "to": today.description, "contents": ["map": true]]))
            #expect(share.status == .created)
            let impossible = try await call(willow, .post, "/api/v1/sharing/links/{id}/shares", "/api/v1/sharing/links/\(link)/shares",
                json: try body(["from": "0000-00-00", "to": today.description, "contents": ["map": true]]))
            #expect(impossible.status == .conflict)
            #expect((try impossible.json()["detail"] as? String)?.contains("from and to") == true)
            let endless = try await call(willow, .post, "/api/v1/sharing/links/{id}/shares", "/api/v1/sharing/links/\(link)/shares",
                json: try body(["from": "0001-01-01", "to": "9999-12-31", "contents": ["frequency": true]]))
            #expect(endless.status == .conflict)
            #expect((try endless.json()["detail"] as? String)?.contains("up to 10 years") == true)
            let shareID = try #require(try share.json()["shareID"] as? String)
            #expect(try await call(willow, .post, "/api/v1/sharing/links/{id}/continuous", "/api/v1/sharing/links/\(link)/continuous",
                json: try body(["contents": ["frequency": true], "weeks": 4])).status == .noContent)
            let person = try await call(sam, .get, "/api/v1/practitioner/people/{id}", "/api/v1/practitioner/people/\(link)").json()
            let reports = try #require(person["shares"] as? [[String: Any]]).compactMap { $0["report"] as? [String: Any] }
            #expect(reports.count == 2)
            // The map carries the gates Willow's session followed, and nothing else of Sam's programme;
            // a share without the map carries none of it.
            let map = try #require(reports.first { ($0["contents"] as? [String: Any])?["map"] as? Bool == true })
            let gates = try #require((map["followedGates"] as? [[String: Any]])?.first?["gates"] as? [[String: Any]])
            #expect(gates.first?["sequence"] as? [Int] == [12, 1, 2])
            let frequency = try #require(reports.first { ($0["contents"] as? [String: Any])?["map"] as? Bool == false })
            #expect(frequency["followedGates"] == nil)
            #expect(!(try await sam.get("/api/v1/practitioner/people/\(link)").text.contains("Gentle start")))
            // A session finished through the API reaches the share kept up to date, as one finished on a page does.
            #expect((frequency["sessions"] as? [Any])?.count == 1)
            let another = try #require(try await call(willow, .post, "/api/v1/sessions", json: #"{"mode":"solo"}"#).json()["id"] as? String)
            for _ in 0..<2 {  // End leads to the close; from there, End finishes it
                _ = try await call(willow, .post, "/api/v1/sessions/{id}/events", "/api/v1/sessions/\(another)/events", json: #"{"intent":"end"}"#)
            }
            let updated = try #require(try await call(sam, .get, "/api/v1/practitioner/people/{id}", "/api/v1/practitioner/people/\(link)").json()["shares"] as? [[String: Any]])
                .compactMap { $0["report"] as? [String: Any] }.first { ($0["contents"] as? [String: Any])?["map"] as? Bool == false }
            #expect((updated?["sessions"] as? [Any])?.count == 2)
            #expect(try await call(sam, .post, "/api/v1/practitioner/people/{id}/notes", "/api/v1/practitioner/people/\(link)/notes", json: #"{"note":"Gate one only, for now"}"#).status == .noContent)
            #expect(try await call(sam, .get, "/api/v1/practitioner/people/{id}", "/api/v1/practitioner/people/\(link)").json()["ownNote"] as? String == "Gate one only, for now")

            // Willow sees what Sam can see, takes things back, and goes back to Tend's own programme.
            let seen = try #require(try await call(willow, .get, "/api/v1/sharing").json()["practitioners"] as? [[String: Any]]).first
            #expect((seen?["shares"] as? [Any])?.count == 2)
            #expect((seen?["keptUpToDate"] as? [String: Any])?["weeks"] as? Int == 4)
            #expect(try await call(willow, .post, "/api/v1/sharing/shares/{id}/withdraw", "/api/v1/sharing/shares/\(shareID)/withdraw").status == .noContent)
            #expect(try await call(willow, .post, "/api/v1/sharing/links/{id}/continuous/stop", "/api/v1/sharing/links/\(link)/continuous/stop").status == .noContent)
            #expect((try await call(sam, .get, "/api/v1/practitioner/people/{id}", "/api/v1/practitioner/people/\(link)").json()["shares"] as? [Any])?.isEmpty == true)
            let chosen = try await call(willow, .post, "/api/v1/programmes", json: #"{"programID":"standard"}"#)
            #expect(try chosen.json()["following"] as? String == "standard")
            #expect(try await call(willow, .post, "/api/v1/programmes", json: #"{"programID":"offered:not-hers"}"#).status == .notFound)

            // A programme with every word at its limit, in letters of two bytes, is larger than other
            // bodies may be, and is still taken whole.
            var long = program
            long["name"] = "Lente et douce"
            var longPhases = try #require(long["phases"] as? [[String: Any]])
            for index in longPhases.indices {
                let text = String(repeating: "é", count: Program.textLimit)
                longPhases[index]["guidance"] = ["alone": text, "receiver": text, "giver": text]
                longPhases[index]["title"] = ["alone": text, "receiver": text, "giver": text]
            }
            long["phases"] = longPhases
            let longBody = try body(["program": long])
            #expect(longBody.utf8.count > 64 * 1024)
            let longOffer = try await call(sam, .post, "/api/v1/practitioner/people/{id}/offers", "/api/v1/practitioner/people/\(link)/offers", json: longBody)
            #expect(longOffer.status == .created)

            // Either side ends the link; then nothing is there for Sam.
            #expect(try await call(willow, .post, "/api/v1/sharing/links/{id}/end", "/api/v1/sharing/links/\(link)/end").status == .noContent)
            #expect(try await call(sam, .get, "/api/v1/practitioner/people/{id}", "/api/v1/practitioner/people/\(link)").status == .notFound)
            #expect(try await call(sam, .post, "/api/v1/practitioner/people/{id}/end", "/api/v1/practitioner/people/\(link)/end").status == .notFound)

            for (template, method, response) in checked {
                try document.check(response, path: template, method: method)
            }
        }
    }
}
