import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOWebSocket
import TendApp
import TendCore
import Testing

@testable import TendWeb

@Suite("Partner sessions over the live channel")
struct LiveTests {
    @Test func pairedDevicesFollowTheScriptPauseSofterReadyEnd() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let receiver = try await pair.connect(pair.receiver)
            let giver = try await pair.connect(pair.giver)
            _ = try await giver.next("state")

            receiver.intent("start", ref: "r1")
            #expect(try await receiver.next("ack", .init(ref: "r1")).version == 1)
            _ = try await giver.next("state", .init(kind: "phase"))

            receiver.intent("pause", ref: "r2")
            let paused = try await giver.next("state", .init(paused: true))
            #expect(paused.state?.runningSince == nil)
            receiver.intent("resume", ref: "r3")
            _ = try await receiver.next("ack", .init(ref: "r3"))

            receiver.intent("softer", ref: "r4")
            let softer = try await giver.next("signal")
            #expect(softer.signal?.signal == "softer")
            _ = try await receiver.next("ack", .init(ref: "r4"))

            // The giver does not prompt unless the agreement asked for it.
            giver.intent("ready", ref: "g1")
            let notAgreed = try await giver.next("error", .init(ref: "g1"))
            #expect(notAgreed.code == "notInTheAgreement")
            giver.intent("here", ref: "g1b")
            let here = try await receiver.next("signal", .init(signal: "here"))
            #expect(here.signal?.by == .giver)

            giver.intent("next", ref: "g2")
            let refused = try await giver.next("error", .init(ref: "g2"))
            #expect(refused.code == "onlyTheReceiverCan")

            receiver.intent("end", ref: "r5")
            let ended = try await giver.next("state", .init(phase: "close"))
            #expect(ended.state?.closing == .ended)
            _ = try await receiver.next("ack", .init(ref: "r5"))

            // Everything acknowledged is durable: the saved session holds it all, in order.
            let saved = try await pair.receiver.api(.get, "/api/v1/sessions/\(pair.sessionID)").json()
            #expect(saved["closing"] as? String == "ended")
            _ = try await receiver.close()
            _ = try await giver.close()
        }
    }

    @Test func aStepIsPractisedTogetherWithTheReceiverInCharge() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client, start: "/steps/mirror/partner")
            let receiver = try await pair.connect(pair.receiver)
            let giver = try await pair.connect(pair.giver)
            _ = try await giver.next("state")

            receiver.intent("start", ref: "r1")
            let started = try await giver.next("state", .init(kind: "phase"))
            #expect(started.state?.title == "Looking, with a mirror")
            #expect(started.state?.phase == .warmUp)
            #expect(started.state?.suggestedSeconds == 10 * 60)
            #expect(started.state?.guidance.contains("Follow their lead") == true)

            // The giver's phone shows the step; only the receiver moves it on.
            giver.intent("next", ref: "g1")
            #expect(try await giver.next("error", .init(ref: "g1")).code == "onlyTheReceiverCan")
            receiver.intent("softer", ref: "r2")
            #expect(try await giver.next("signal").signal?.signal == "softer")
            receiver.intent("next", ref: "r3")
            _ = try await giver.next("state", .init(phase: "close"))
            receiver.intent("next", ref: "r4")
            _ = try await receiver.next("ack", .init(ref: "r4"))

            // Afterwards the receiver notes it on the step, with the partner ticked; the session is
            // the step's, not a session of the method's history.
            let page = try await pair.receiver.get(pair.livePath).text
            #expect(page.contains("/steps/mirror/practise?partner=1"))
            let form = try await pair.receiver.get("/steps/mirror/practise?partner=1").text
            #expect(form.contains(#"name="withPartner" value="on" checked"#))
            let saved = try await pair.receiver.api(.get, "/api/v1/sessions/\(pair.sessionID)").json()
            #expect(saved["programId"] as? String == "step:mirror")
            #expect(!(try await pair.receiver.get(SiteRoute.history.path).text.contains(pair.sessionID)))
            // Its own page describes it by the step's programme, not the method's.
            let summary = try await pair.receiver.get("/sessions/\(pair.sessionID)").text
            #expect(summary.contains("Looking, with a mirror"))
            #expect(!summary.contains("Warm-up: the whole body first"))
            _ = try await receiver.close()
            _ = try await giver.close()
        }
    }

    @Test func onlyAStepOnTheLadderAndShownCanBePractisedTogether() async throws {
        try await withLiveApp { client in
            let browser = Browser(client: client)
            try await browser.setUpSpace()
            #expect(try await browser.post("/steps/no-such-step/partner").status == .notFound)
            try await browser.post("/steps/arrange", form: ["action": "hide", "step": "mirror"])
            #expect(try await browser.post("/steps/mirror/partner").status == .notFound)
            #expect(try await browser.post("/steps/outsideTouch/partner").status == .seeOther)
        }
    }

    @Test func aReconnectingDeviceGetsTheCurrentStateWithNothingLostOrRepeated() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let receiver = try await pair.connect(pair.receiver)
            receiver.intent("start", ref: "r1")
            _ = try await receiver.next("ack", .init(ref: "r1"))
            var giver = try await pair.connect(pair.giver)
            _ = try await giver.next("state")
            _ = try await giver.close()

            for (index, name) in ["softer", "holdStill", "firmer"].enumerated() {
                receiver.intent(name, ref: "s\(index)")
                _ = try await receiver.next("ack", .init(ref: "s\(index)"))
            }
            giver = try await LiveDevice.connect(port: pair.port, ticket: try await pair.ticket(pair.giver))
            giver.send(#"{"type":"hello","lastVersion":1}"#)

            let state = try await giver.next("state", .init(version: 4))
            #expect(state.state?.signalCount == 3)
            let saved = try await pair.receiver.api(.get, "/api/v1/sessions/\(pair.sessionID)").json()
            #expect(saved["version"] as? Int == 4)
            _ = try await giver.close()
            _ = try await receiver.close()
        }
    }

    @Test func theSessionBeginsOnlyAfterTheGiverConfirmsTheAgreement() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client, confirm: false)
            let receiver = try await pair.connect(pair.receiver)
            receiver.intent("start", ref: "r1")
            #expect(try await receiver.next("error", .init(ref: "r1")).code == "agreementNotConfirmed")

            let confirmed = try await pair.giver.post(pair.livePath + "/confirm")
            #expect(confirmed.location == pair.livePath + "/giver", "\(confirmed.status) \(confirmed.text.prefix(300))")
            _ = try await receiver.next("state", .init(agreementConfirmed: true))
            receiver.intent("start", ref: "r2")
            _ = try await receiver.next("ack", .init(ref: "r2"))
            _ = try await receiver.close()
        }
    }

    @Test func badInputGetsClearAnswersAndTheSessionGoesOn() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let receiver = try await pair.connect(pair.receiver)

            receiver.send(#"{"type":"dance"}"#)
            #expect(try await receiver.next("error").code == "unknownType")
            receiver.send("not json")
            #expect(try await receiver.next("error").code == "unreadable")
            receiver.intent("teleport", ref: "x")
            #expect(try await receiver.next("error", .init(ref: "x")).code == "unknownIntent")
            receiver.intent("pain", ref: "p", level: 9)
            #expect(try await receiver.next("error", .init(ref: "p")).code == "signalOutOfRange")

            receiver.intent("start", ref: "ok")
            _ = try await receiver.next("ack", .init(ref: "ok"))
            _ = try await receiver.close()
        }
    }

    @Test func aFloodIsCutOffWithAClearCloseCode() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let giver = try await pair.connect(pair.giver)
            for index in 0..<400 { giver.send(#"{"type":"ping","clientTime":\#(index)}"#) }
            let frame = try await giver.closed()
            #expect(frame?.closeCode == .init(codeNumber: 4008))
            // The receiver can still connect and carry on.
            let receiver = try await pair.connect(pair.receiver)
            receiver.intent("start", ref: "r1")
            _ = try await receiver.next("ack", .init(ref: "r1"))
            _ = try await receiver.close()
        }
    }

    @Test func aDroppedIntentIsNamedByItsRef() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let giver = try await pair.connect(pair.giver)
            _ = try await giver.next("state")
            for index in 0..<Int(LiveSocket.burst) + 5 { giver.intent("softer", ref: "f\(index)") }
            let dropped = try await giver.next("error", .init(ref: "f\(Int(LiveSocket.burst) + 4)"))
            #expect(dropped.code == "slowDown")
            _ = try await giver.close()
        }
    }

    @Test func anOversizedFrameClosesWith1009() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let giver = try await pair.connect(pair.giver)
            giver.send(#"{"type":"ping","clientTime":0,"pad":"\#(String(repeating: "x", count: 5_000))"}"#)
            #expect(try await giver.closed()?.closeCode == .messageTooLarge)
        }
    }

    @Test func staleReusedAndForeignTicketsAreRefused() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let ticket = try await pair.ticket(pair.giver)
            let first = try await LiveDevice.connect(port: pair.port, ticket: ticket)
            first.send(#"{"type":"hello","lastVersion":0}"#)
            _ = try await first.next("state")

            let reused = try await LiveDevice.connect(port: pair.port, ticket: ticket)
            await #expect(throws: (any Error).self) { try await reused.closed() }
            let foreign = try await LiveDevice.connect(port: pair.port, ticket: try await pair.ticket(pair.giver), origin: "http://elsewhere.example")
            await #expect(throws: (any Error).self) { try await foreign.closed() }

            // What the refused connection was told, seen as plain HTTP.
            let refusedTicket = try await pair.giver.get("/live/ws?ticket=\(ticket)")
            #expect(refusedTicket.status == .forbidden)
            #expect(refusedTicket.text.contains("expired"))
            let refusedOrigin = try await pair.giver.get("/live/ws?ticket=x", headers: [.origin: "http://elsewhere.example"])
            #expect(refusedOrigin.text.contains("did not come from Tend"))
            _ = try await first.close()
        }
    }

    @Test func aCodeWorksOnceAndWrongCodesMakeOnlyThatDeviceWait() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let secondGiver = Browser(client: client)
            let reuse = try await secondGiver.post("/join", form: ["code": "000000"])
            #expect(reuse.status == .unauthorized)

            try await pair.receiver.post(pair.livePath + "/invite")
            let code = try #require(try await pair.receiver.get(pair.livePath).text.firstMatch(of: /pairing-code">(\d{3}) (\d{3})/))
            let real = "\(code.1)\(code.2)"
            let wrong = real == "111111" ? "222222" : "111111"
            for _ in 0..<GuessThrottle.freeAttempts { try await secondGiver.post("/join", form: ["code": wrong]) }
            let waiting = try await secondGiver.post("/join", form: ["code": real])
            #expect(waiting.status == .tooManyRequests)
            #expect(waiting.text.contains("must wait"))
            // The code itself is untouched by the wrong guesses: it still lets a device in.
            #expect(try await pair.receiver.get(pair.livePath).text.contains(real.prefix(3)))
        }
    }

    @Test func theReceiverCanRemoveTheGiverAtAnyTime() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let giver = try await pair.connect(pair.giver)
            _ = try await giver.next("state")

            try await pair.receiver.post(pair.livePath + "/remove-giver")

            #expect(try await giver.closed()?.closeCode == .init(codeNumber: 4010))
            #expect(try await pair.giver.get(pair.livePath + "/giver").status == .forbidden)
            let ticket = try await pair.giver.send(
                pair.livePath + "/ticket", method: .post, headers: [.csrfToken: pair.giver.csrf ?? ""], body: nil)
            #expect(ticket.status != .ok)
        }
    }

    @Test func theGiverSeesNothingElseOfTheSpace() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            for path in ["/", "/sessions", "/intake", "/agreement", pair.livePath] {
                let response = try await pair.giver.get(path)
                #expect(response.status != .ok || path == "/", "giver could open \(path)")
                if path == "/" { #expect(!response.text.contains("Recent sessions")) }
            }
            #expect(try await pair.giver.api(.get, "/api/v1/sessions").status == .unauthorized)
        }
    }
}



@Suite("The shared breath pacer")
struct SharedPacerTests {
    @Test func bothPhonesCountTheBreathFromTheSameMoment() async throws {
        try await withLiveApp { client in
            let pair = try await PairedSession.make(client: client)
            let receiverPage = try await pair.receiver.get(pair.livePath).text
            let giverPage = try await pair.giver.get(pair.livePath + "/giver").text
            let anchor = /data-anchor="(\d+)"/
            let receiverAnchor = try #require(receiverPage.firstMatch(of: anchor)).1
            let giverAnchor = try #require(giverPage.firstMatch(of: anchor)).1
            #expect(receiverAnchor == giverAnchor)
            #expect(giverPage.contains("In for 4 seconds, out for 6 seconds."))
        }
    }
}

@Suite("The live channel's hand-written frames")
struct LiveFrameTests {
    static func object(_ text: String) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    @Test(arguments: [Signal.softer, .pain(4), .readyForNext, .here])
    func aSignalFrameSaysWhatTheEncoderWouldSay(signal: Signal) throws {
        let view = Live.SignalView(
            signal: signal.name.rawValue, level: signal.painLevel, by: signal.sender, index: 12, at: 1_796_300_000_123, version: 88)
        let message = Live.ServerMessage.signal(view)
        let encoded = String(decoding: try Live.encoder.encode(message), as: UTF8.self)
        #expect(try Self.object(message.text) == Self.object(encoded))
    }

    @Test(arguments: ["r1", "odd \"ref\" \\ with\ttab", "ünï💛"])
    func anAckFrameSaysWhatTheEncoderWouldSay(ref: String) throws {
        let message = Live.ServerMessage.ack(ref: ref, version: 3)
        let encoded = String(decoding: try Live.encoder.encode(message), as: UTF8.self)
        #expect(try Self.object(message.text) == Self.object(encoded))
    }
}
