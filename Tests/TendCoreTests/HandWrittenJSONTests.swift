import Foundation
import Testing

@testable import TendCore

/// The signal log writes its JSON by hand for speed; `JSONDecoder` must read back exactly what went in.
@Suite("Hand-written JSON reads back as what was written")
struct HandWrittenJSONTests {
    static let signals: [Signal] = [.holdStill, .softer, .firmer, .pain(1), .pain(5), .readyForNext, .here]
    static let positions: [Position?] =
        [nil, .finished, .checkIn(gate: 2), .point(gate: 3, step: 8)] + Phase.allCases.map { .phase($0) }

    @Test(arguments: signals, positions)
    func everyLoggedSignalDecodesToItself(signal: Signal, position: Position?) throws {
        // Given an entry at an uneven moment, from each sender
        for by in Participant.allCases {
            let at = Date(timeIntervalSinceReferenceDate: 786_543_210.123_456_7)
            let entry = LoggedSignal(index: 41, version: 907, record: SignalRecord(signal: signal, by: by, at: at, position: position))

            // When it is written by hand and read by the decoder the store reads with
            let decoded = try JSONDecoder().decode(LoggedSignal.self, from: Data(entry.jsonText.utf8))

            // Then nothing changed, to the last bit of the time
            #expect(decoded == entry)
            #expect(decoded.record.at.timeIntervalSinceReferenceDate == at.timeIntervalSinceReferenceDate)
        }
    }

    @Test(arguments: ["", "plain", #"a "quoted" \ back\slash"#, "line\nbreak\r\ttab", "\u{0}\u{1}\u{1f}\u{7f}", "é 💛 ‮"])
    func quotedTextDecodesToItself(text: String) throws {
        let decoded = try JSONDecoder().decode(String.self, from: Data(JSONText.quoted(text).utf8))
        #expect(decoded == text)
    }
}
