import Foundation
import Testing

@testable import TendWeb

/// A frame too large for one PostgreSQL notification (a programme's long words on a partner's
/// screen) crosses the relay in parts that each fit, and is joined again exactly.
struct RelayPartsTests {
    /// The payload a message becomes: its JSON, sealed (nonce and tag, 28 bytes), in base64.
    static func payloadSize(_ message: RelayMessage) throws -> Int {
        let sealed = try LiveRelay.encoder.encode(message).count + 28
        return (sealed + 2) / 3 * 4
    }

    @Test func aLargeFrameGoesInPartsThatEachFitAndJoinExactly() throws {
        // The worst a text can be once escaped: control characters, quotes, backslashes and
        // slashes, with letters of three and four bytes between them.
        let text = String(repeating: "\u{01}\"\\/語😀é", count: 3_000)
        let outbox = RelayOutbox()
        let link = UUID()
        outbox.post(RelayMessage(kind: .open, link: link, from: "a"), to: "b")
        outbox.postFrame(text, link: link, from: "a", to: "b")
        let frames = outbox.take().map(\.1).filter { $0.kind == .frame }

        #expect(frames.count > 1)
        #expect(frames.map(\.seq) == Array(2...(frames.count + 1)))  // numbered on, after the open
        #expect(frames.dropLast().allSatisfy { $0.more == true } && frames.last?.more == nil)
        for frame in frames {
            #expect(try Self.payloadSize(frame) <= LiveRelay.payloadLimit)
        }
        var parts = FrameParts()
        var joined: FrameParts.Added = .waiting
        for frame in frames {
            joined = parts.add(frame.text ?? "", more: frame.more == true, link: link)
        }
        #expect(joined == .complete(text))
    }

    @Test func aSmallFrameIsOneMessage() {
        let outbox = RelayOutbox()
        outbox.postFrame(#"{"type":"ping"}"#, link: UUID(), from: "a", to: "b")
        let sent = outbox.take()
        #expect(sent.count == 1 && sent.first?.1.more == nil && sent.first?.1.text == #"{"type":"ping"}"#)
    }

    @Test func partsBeyondTheLimitCloseTheLink() {
        var parts = FrameParts()
        let link = UUID()
        let piece = String(repeating: "a", count: 1_000)
        var added: FrameParts.Added = .waiting
        for _ in 0...(FrameParts.limit / 1_000) where added == .waiting {
            added = parts.add(piece, more: true, link: link)
        }
        #expect(added == .tooLarge)
        // What was waiting is gone: a later frame on the link starts afresh.
        #expect(parts.add("b", more: false, link: link) == .complete("b"))
    }
}
