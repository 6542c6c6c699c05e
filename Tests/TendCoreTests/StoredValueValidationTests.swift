import Foundation
import Testing

@testable import TendCore

/// A value's JSON as plain objects and arrays, so a test can change one field as a hand edit would.
struct JSONTree {
    var root: Any

    /// The JSON the store and the export write for `value` (times as plain numbers here).
    init(encoding value: some Encodable) throws {
        root = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
    }

    /// The value at a path of keys and list places; setting nil removes a key.
    subscript(_ path: FieldKey...) -> Any? {
        get { Self.value(at: path[...], in: root) }
        set { root = Self.setting(path[...], in: root, to: newValue) ?? root }
    }

    func data() throws -> Data { try JSONSerialization.data(withJSONObject: root) }

    /// The number at a path, as a Double (a whole number reads back as an integer).
    func number(_ path: FieldKey...) -> Double {
        switch Self.value(at: path[...], in: root) {
        case let number as Double: number
        case let number as Int: Double(number)
        case let number as NSNumber: number.doubleValue
        default: .nan
        }
    }

    private static func value(at path: ArraySlice<FieldKey>, in node: Any?) -> Any? {
        guard let key = path.first else { return node }
        if let index = key.intValue, let list = node as? [Any] { return value(at: path.dropFirst(), in: list[index]) }
        return value(at: path.dropFirst(), in: (node as? [String: Any])?[key.stringValue])
    }

    private static func setting(_ path: ArraySlice<FieldKey>, in node: Any?, to new: Any?) -> Any? {
        guard let key = path.first else { return new }
        if let index = key.intValue, var list = node as? [Any] {
            list[index] = setting(path.dropFirst(), in: list[index], to: new) ?? NSNull()
            return list
        }
        var object = node as? [String: Any] ?? [:]
        object[key.stringValue] = setting(path.dropFirst(), in: object[key.stringValue], to: new)
        return object
    }
}

/// How decoding refused some JSON: the field's path (like `steps[2].leftAt`) and the sentence; nil if it decoded.
func refusal<Value: Decodable>(_ type: Value.Type, _ data: Data) -> (field: String, sentence: String)? {
    let decoder = JSONDecoder()
    // Non-numbers cannot be written in JSON; a decoder that reads them as strings lets tests try them.
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
        _ = try decoder.decode(type, from: data)
        return nil
    } catch DecodingError.dataCorrupted(let context) {
        let path = ValueProblem(
            field: context.codingPath.map { key in
                key.intValue.map { FieldKey(intValue: $0) } ?? FieldKey(stringValue: key.stringValue)
            }, sentence: ""
        ).path
        return (path, context.debugDescription)
    } catch {
        return ("not refused as damaged: \(error)", "")
    }
}

/// One hand edit of a stored session, and the field decoding must name when it refuses it.
struct SessionDamage: Sendable, CustomTestStringConvertible {
    let field: String
    let edit: @Sendable (inout JSONTree) -> Void
    let testDescription: String

    init(_ description: String, field: String, edit: @escaping @Sendable (inout JSONTree) -> Void) {
        self.testDescription = description
        self.field = field
        self.edit = edit
    }
}

@Suite("Stored and imported values are refused when they break a rule")
struct StoredValueValidationTests {
    /// A real partner session, made by the engine: four phases left behind, a rated point stayed at
    /// longer, two signals, and now paused at the second point of the first gate.
    static func sampleSession() throws -> PracticeSession {
        var harness = try EngineHarness(mode: .partner)
        try harness.send(.start)
        for _ in 0..<4 {
            harness.wait(60)
            try harness.send(.next)
        }
        try harness.send(.rate(tension: 4, pain: 3))
        try harness.send(.stayLonger)
        try harness.send(.signal(.pain(2)))
        try harness.send(.signal(.readyForNext), by: .giver)
        harness.wait(90)
        try harness.send(.next)
        try harness.send(.pause)
        return harness.session
    }

    // Steps 0–3 are phases, 4 is the rated point (left), 5 the current, paused point.
    static let damages: [SessionDamage] = [
        .init("no steps while paused", field: "pausedAt") { $0["steps"] = [Any]() },
        .init("stayed longer Int.max times", field: "steps[4].extensions") { $0["steps", 4, "extensions"] = Int.max },
        .init("stayed longer -1 times", field: "steps[4].extensions") { $0["steps", 4, "extensions"] = -1 },
        .init("version Int.max", field: "version") { $0["version"] = Int.max },
        .init("version below 0", field: "version") { $0["version"] = -1 },
        .init("1e308 counted seconds", field: "steps[4].countedSeconds") { $0["steps", 4, "countedSeconds"] = 1e308 },
        .init("infinite counted seconds", field: "steps[4].countedSeconds") {
            $0["steps", 4, "countedSeconds"] = "inf"
        },
        .init("NaN counted seconds", field: "steps[4].countedSeconds") { $0["steps", 4, "countedSeconds"] = "nan" },
        .init("negative counted seconds", field: "steps[4].countedSeconds") { $0["steps", 4, "countedSeconds"] = -1 },
        .init("eleven years counted", field: "steps[4].countedSeconds") {
            $0["steps", 4, "countedSeconds"] = 11 * 365.25 * 86_400
        },
        .init("NaN paused seconds", field: "pausedSeconds") { $0["pausedSeconds"] = "nan" },
        .init("pain rated 11", field: "steps[4].ratings[0].pain") { $0["steps", 4, "ratings", 0, "pain"] = 11 },
        .init("tension rated -7", field: "steps[4].ratings[0].tension") {
            $0["steps", 4, "ratings", 0, "tension"] = -7
        },
        .init("a rating of nothing", field: "steps[4].ratings[0].tension") {
            $0["steps", 4, "ratings", 0, "tension"] = nil
            $0["steps", 4, "ratings", 0, "pain"] = nil
        },
        .init("a rated phase", field: "steps[1].ratings") { $0["steps", 1, "ratings"] = $0["steps", 4, "ratings"] },
        .init("left before it began", field: "steps[2].leftAt") {
            $0["steps", 2, "leftAt"] = $0.number("steps", 2, "enteredAt") - 1
        },
        .init("an earlier step never left", field: "steps[2].leftAt") { $0["steps", 2, "leftAt"] = nil },
        .init("the current step already left", field: "steps[5].leftAt") {
            $0["steps", 5, "leftAt"] = $0["steps", 5, "enteredAt"]
        },
        .init("a left step still running", field: "steps[2].runningSince") {
            $0["steps", 2, "runningSince"] = $0["steps", 2, "enteredAt"]
        },
        .init("running while paused", field: "steps[5].runningSince") {
            $0["steps", 5, "runningSince"] = $0["steps", 5, "enteredAt"]
        },
        .init("created at an infinite time", field: "createdAt") { $0["createdAt"] = "inf" },
        .init("entered at a NaN time", field: "steps[0].enteredAt") { $0["steps", 0, "enteredAt"] = "nan" },
        .init("entered in the year 30 million", field: "steps[0].enteredAt") { $0["steps", 0, "enteredAt"] = 1e15 },
        .init("paused at -inf", field: "pausedAt") { $0["pausedAt"] = "-inf" },
        .init("changed before it was created", field: "updatedAt") { $0["updatedAt"] = $0.number("createdAt") - 1 },
        .init("a pain signal of 9", field: "signals[0].signal") { $0["signals", 0, "signal"] = ["pain": ["_0": 9]] },
        .init("a signal at a huge time", field: "signals[1].at") { $0["signals", 1, "at"] = 1e300 },
        .init("signals in a solo session", field: "signals") { $0["mode"] = "solo" },
        .init("a reflection note too long", field: "reflection.note") {
            $0["reflection"] = ["howItFelt": "", "emotions": [String](), "note": String(repeating: "x", count: 10_001)]
        },
        .init("a feeling too long", field: "reflection.emotions[1]") {
            $0["reflection"] = ["howItFelt": "", "emotions": ["calm", String(repeating: "x", count: 101)], "note": ""]
        },
        .init("too many feelings", field: "reflection.emotions") {
            $0["reflection"] = ["howItFelt": "", "emotions": Array(repeating: "calm", count: 51), "note": ""]
        },
    ]

    @Test(arguments: damages)
    func aDamagedSessionIsRefusedNamingTheField(damage: SessionDamage) throws {
        // Given a real session's JSON with one field changed by hand
        var tree = try JSONTree(encoding: Self.sampleSession())
        #expect(refusal(PracticeSession.self, try tree.data()) == nil, "the untouched session must decode")
        damage.edit(&tree)

        // When it is read back
        let refused = try #require(refusal(PracticeSession.self, try tree.data()), "\(damage) was accepted")

        // Then decoding refuses it at that field, in a sentence
        #expect(refused.field == damage.field)
        #expect(refused.sentence.contains(" ") && !refused.sentence.contains("Optional"))
    }

    @Test func theRuleAndItsSentenceAreTheSameEverywhere() throws {
        // Given a pain rating of 11 inside a step inside a session
        var tree = try JSONTree(encoding: Self.sampleSession())
        tree["steps", 4, "ratings", 0, "pain"] = 11

        // Then the session's refusal says what the rating's own rule says
        let refused = try #require(refusal(PracticeSession.self, try tree.data()))
        #expect(refused.sentence == "a pain rating must be between 0 and 10")
        #expect(PointRating(tension: nil, pain: 11, at: .now).firstProblem?.sentence == refused.sentence)
    }

    @Test(arguments: SessionMode.allCases)
    func everyReachableSessionStillReadsBackAsItself(mode: SessionMode) throws {
        for session in try SessionInvariantTests.reachableStates(mode: mode) {
            let decoded = try JSONDecoder().decode(PracticeSession.self, from: JSONEncoder().encode(session))
            #expect(decoded == session)
            #expect(throws: Never.self) { try decoded.validate(against: Program.standard()) }
        }
        let sample = try Self.sampleSession()
        #expect(try JSONDecoder().decode(PracticeSession.self, from: JSONEncoder().encode(sample)) == sample)
    }
}
