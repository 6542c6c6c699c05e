import Foundation
import NIOCore
import NIOEmbedded
import Testing

@testable import TendWeb

/// The connection guard's limits, each checked on its own: the head rules as pure functions, the
/// timing and pass-through on an embedded channel with a hand-moved clock.
struct RequestHeadTests {
    let limits = ConnectionLimits(idleTimeout: .seconds(5), maxConnections: 10)

    func check(_ text: String) -> RequestHead.Verdict {
        RequestHead.check(ByteBuffer(string: text), limits: limits)
    }

    @Test func aPlainRequestPassesWithItsBodyLength() {
        #expect(check("GET / HTTP/1.1\r\nHost: a\r\n\r\n") == .accepted(body: .length(0), upgrade: false))
        #expect(check("POST /journal HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n") == .accepted(body: .length(12), upgrade: false))
        #expect(check("\r\nGET / HTTP/1.0\r\n\r\n") == .accepted(body: .length(0), upgrade: false))
        #expect(check("GET /live/ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n") == .accepted(body: .length(0), upgrade: true))
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n",
        "GET /\r\nHost: a\r\n\r\n",
        "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
        "GET http://elsewhere/ HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: one\r\n two\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: \u{01}\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1e3\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n",
    ])
    func ambiguousOrMalformedHeadsAreRefused(_ head: String) {
        guard case .refused(let refusal) = check(head) else {
            Issue.record("accepted: \(head.debugDescription)")
            return
        }
        #expect(refusal.status.code == 400)
    }

    @Test func sizesHaveLimitsWithTheirOwnAnswers() {
        let longTarget = "GET /" + String(repeating: "a", count: limits.maxTargetBytes) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(check(longTarget) == .refused(.targetTooLong))
        let manyHeaders = "GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X: y\r\n", count: limits.maxHeaderLines) + "\r\n"
        #expect(check(manyHeaders) == .refused(.headTooLarge))
        let overBody = "POST /journal HTTP/1.1\r\nHost: a\r\nContent-Length: \(limits.maxBodyBytes + 1)\r\n\r\n"
        #expect(check(overBody) == .refused(.bodyTooLarge(limit: limits.maxBodyBytes)))
        let upload = "POST \(limits.uploadPath) HTTP/1.1\r\nHost: a\r\nContent-Length: \(limits.maxBodyBytes + 1)\r\n\r\n"
        #expect(check(upload) == .accepted(body: .length(limits.maxBodyBytes + 1), upgrade: false))
        // A whole programme (its form, or an offer through the API) may be larger; nothing else may.
        for path in ["/practitioner/people/abc/programme", "/api/v1/practitioner/people/abc/offers"] {
            let programme = "POST \(path) HTTP/1.1\r\nHost: a\r\nContent-Length: \(ConnectionLimits.programmeBodyBytes)\r\n\r\n"
            #expect(check(programme) == .accepted(body: .length(ConnectionLimits.programmeBodyBytes), upgrade: false), "\(path)")
            let over = "POST \(path) HTTP/1.1\r\nHost: a\r\nContent-Length: \(ConnectionLimits.programmeBodyBytes + 1)\r\n\r\n"
            #expect(check(over) == .refused(.bodyTooLarge(limit: ConnectionLimits.programmeBodyBytes)), "\(path)")
        }
        for path in ["/practitioner/people/abc/notes", "/practitioner/people/a/b/programme", "/x/practitioner/people/abc/programme"] {
            let other = "POST \(path) HTTP/1.1\r\nHost: a\r\nContent-Length: \(limits.maxBodyBytes + 1)\r\n\r\n"
            #expect(check(other) == .refused(.bodyTooLarge(limit: limits.maxBodyBytes)), "\(path)")
        }
        let overUpload = "POST \(limits.uploadPath)?x HTTP/1.1\r\nHost: a\r\nContent-Length: \(limits.maxUploadBytes + 1)\r\n\r\n"
        #expect(check(overUpload) == .refused(.bodyTooLarge(limit: limits.maxUploadBytes)))
        #expect(check("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n") == .accepted(body: .chunked(limit: limits.maxBodyBytes), upgrade: false))
        #expect(check("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == .refused(.malformed("Tend reads only the chunked transfer coding")))
        for method in ["TRACE", "CONNECT", "PUT", "DELETE", "OPTIONS", "QUERY"] {
            #expect(check("\(method) / HTTP/1.1\r\nHost: a\r\n\r\n") == .refused(.methodNotAllowed))
        }
    }

    @Test func anIncompleteHeadIsRefusedOnceItIsTooLong() {
        let line = ByteBuffer(string: "GET /" + String(repeating: "a", count: limits.maxTargetBytes + 64))
        #expect(ConnectionGuard.refusalOfIncompleteHead(line, limits: limits) == .targetTooLong)
        let headers = ByteBuffer(string: "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: limits.maxHeadBytes))
        #expect(ConnectionGuard.refusalOfIncompleteHead(headers, limits: limits) == .headTooLarge)
        #expect(ConnectionGuard.refusalOfIncompleteHead(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: a\r\n"), limits: limits) == nil)
        #expect(ConnectionGuard.headLength(in: ByteBuffer(string: "GET / HTTP/1.1\r\nHost: a\r\n\r\nBODY")) == 27)
        #expect(ConnectionGuard.headLength(in: ByteBuffer(string: "GET / HTTP/1.1\nHost: a\n\nBODY")) == 24)
        #expect(ConnectionGuard.headLength(in: ByteBuffer(string: "GET / HTTP/1.1\r\nHost: a\r\n")) == nil)
    }
}

struct ConnectionGuardTests {
    let limits = ConnectionLimits(idleTimeout: .seconds(5), maxConnections: 10)

    /// A connected embedded channel with only the guard on it.
    func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: ConnectionGuard(limits: limits))
        try channel.connect(to: .init(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    func answer(_ channel: EmbeddedChannel) throws -> String? {
        try channel.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) }
    }

    @Test func aConnectionThatSendsNothingIsClosedAfterTheTimeout() throws {
        let channel = try channel()
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(try answer(channel)?.hasPrefix("HTTP/1.1 408") == true)
        #expect(!channel.isActive)
    }

    @Test func aHeadThatStallsIsClosedAndAWholeOneIsPassedOnWithItsBody() throws {
        let stalled = try channel()
        try stalled.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\nHo"))
        #expect(try stalled.readInbound(as: ByteBuffer.self) == nil)
        stalled.embeddedEventLoop.advanceTime(by: .seconds(6))
        #expect(try answer(stalled)?.hasPrefix("HTTP/1.1 408") == true)

        let whole = try channel()
        try whole.writeInbound(ByteBuffer(string: "POST /journal HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab"))
        try whole.writeInbound(ByteBuffer(string: "cdGET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        var passed = ""
        while let part = try whole.readInbound(as: ByteBuffer.self) { passed += String(buffer: part) }
        #expect(passed == "POST /journal HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nabcdGET / HTTP/1.1\r\nHost: a\r\n\r\n")
        // Between requests the HTTP layer keeps time; the guard does not close a finished exchange.
        whole.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(whole.isActive)
    }

    @Test func aBodyThatStallsIsClosed() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(string: "POST /journal HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(6))
        #expect(try answer(channel)?.hasPrefix("HTTP/1.1 408") == true)
        #expect(!channel.isActive)
    }

    @Test func anOversizedBodyIsRefusedBeforeAByteOfItIsRead() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(string: "POST /journal HTTP/1.1\r\nHost: a\r\nContent-Length: 10000000000\r\n\r\n0123456789"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        let text = try #require(try answer(channel))
        #expect(text.hasPrefix("HTTP/1.1 413"))
        #expect(text.contains("Content-Security-Policy: default-src 'self'"))
        #expect(text.contains("application/problem+json"))
    }

    @Test func aChunkedBodyIsFollowedToItsEndAndLimited() throws {
        let channel = try channel()
        let request = "POST /journal HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nabcd\r\n0\r\nT: v\r\n\r\n"
        for byte in (request + "GET / HTTP/1.1\r\nHost: a\r\n\r\n").utf8 {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
        }
        var passed = ""
        while let part = try channel.readInbound(as: ByteBuffer.self) { passed += String(buffer: part) }
        #expect(passed == request + "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try answer(channel) == nil)

        let large = try self.channel()
        try large.writeInbound(ByteBuffer(string: "POST /journal HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"))
        try large.writeInbound(ByteBuffer(string: String(limits.maxBodyBytes + 1, radix: 16) + "\r\n"))
        #expect(try answer(large)?.hasPrefix("HTTP/1.1 413") == true)

        let lying = try self.channel()
        try lying.writeInbound(ByteBuffer(string: "POST /journal HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n"))
        #expect(try answer(lying)?.hasPrefix("HTTP/1.1 400") == true)
    }

    @Test func aWebSocketIsLeftAloneAfterItsHead() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(string: "GET /live/ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n"))
        _ = try channel.readInbound(as: ByteBuffer.self)
        try channel.writeInbound(ByteBuffer(bytes: [0x81, 0x85, 0, 0, 0, 0, 0x68, 0x65, 0x6c, 0x6c, 0x6f]))
        #expect(try channel.readInbound(as: ByteBuffer.self)?.readableBytes == 11)
        channel.embeddedEventLoop.advanceTime(by: .seconds(600))
        #expect(channel.isActive)
    }

    @Test func aGracefulStopClosesAConnectionWaitingForItsFirstRequest() throws {
        let waiting = try channel()
        waiting.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(!waiting.isActive)

        let mid = try channel()
        try mid.writeInbound(ByteBuffer(string: "POST /journal HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"))
        mid.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(mid.isActive)
    }
}
