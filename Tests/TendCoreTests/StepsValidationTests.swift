import Foundation
import Testing

@testable import TendCore

/// Hand-written JSON for a steps value, and the field decoding must name when it refuses it.
struct StepsJSON: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let json: String
    let field: String

    init(_ description: String, field: String, _ json: String) {
        self.testDescription = description
        self.field = field
        self.json = json
    }
}

@Suite("Steps values are refused, by field, when they break a rule")
struct StepsValidationTests {
    static let ladder = #"{"currentID": "tampon", "steps": ["#
        + #"{"id": "mirror", "kind": "mirror", "title": "Looking", "isHidden": false},"#
        + #"{"id": "tampon", "kind": "tampon", "title": "A slim tampon", "isHidden": false},"#
        + #"{"id": "d10", "kind": "dilator", "diameterMillimetres": 10, "title": "The small one", "isHidden": true}"#
        + "]}"

    static let practice = #"{"id": "p1", "stepID": "mirror", "startedAt": 786543210, "minutes": 12, "#
        + #""anxietyBefore": 6, "anxietyAfter": 3, "painAfter": 1, "note": "", "withPartner": false}"#

    static let thresholds = #"{"anxiety": 3, "pain": 3, "practicesNeeded": 3, "shortestMinutes": 10, "#
        + #""longestMinutes": 15, "everyDays": 2}"#

    /// `json` with the text `from` written as `to`, once, as a hand edit would.
    /// An edit that matches nothing leaves the JSON valid, so its test fails rather than passing unseen.
    static func edit(_ json: String, _ from: String, _ to: String) -> String {
        json.replacingOccurrences(of: from, with: to)
    }

    static let longTitle = "\"" + String(repeating: "a", count: 81) + "\""
    static let longNote = "\"" + String(repeating: "n", count: 4_001) + "\""

    static let brokenLadders: [StepsJSON] = [
        .init("a dilator 70 mm wide", field: "steps[2].diameterMillimetres", edit(ladder, ": 10,", ": 70,")),
        .init(
            "a dilator with no width", field: "steps[2].diameterMillimetres",
            edit(ladder, #""diameterMillimetres": 10,"#, "")),
        .init(
            "a width on a tampon", field: "steps[1].diameterMillimetres",
            edit(ladder, #""kind": "tampon","#, #""kind": "tampon", "diameterMillimetres": 9,"#)),
        .init("an empty title", field: "steps[0].title", edit(ladder, #""Looking""#, #"" ""#)),
        .init(
            "a title on two lines", field: "steps[1].title", edit(ladder, #""A slim tampon""#, #""A slim\ntampon""#)),
        .init("an 81-character title", field: "steps[0].title", edit(ladder, #""Looking""#, longTitle)),
        .init("two steps with one identifier", field: "steps[2].id", edit(ladder, #""id": "d10""#, #""id": "mirror""#)),
        .init("an empty identifier", field: "steps[0].id", edit(ladder, #""id": "mirror""#, #""id": """#)),
        .init("a second mirror", field: "steps[1].kind", edit(ladder, #""kind": "tampon""#, #""kind": "mirror""#)),
        .init(
            "on a step not on the ladder", field: "currentID",
            edit(ladder, #": "tampon", "steps""#, #": "gone", "steps""#)),
        .init("on a hidden step", field: "currentID", edit(ladder, #": "tampon", "steps""#, #": "d10", "steps""#)),
    ]

    static let brokenPractices: [StepsJSON] = [
        .init("anxiety before of 11", field: "anxietyBefore", edit(practice, #"Before": 6"#, #"Before": 11"#)),
        .init("anxiety after of -1", field: "anxietyAfter", edit(practice, #"After": 3"#, #"After": -1"#)),
        .init("pain after of 12", field: "painAfter", edit(practice, #"painAfter": 1"#, #"painAfter": 12"#)),
        .init("241 minutes", field: "minutes", edit(practice, #""minutes": 12"#, #""minutes": 241"#)),
        .init("a time past the year 4001", field: "startedAt", edit(practice, "786543210", "1e15")),
        .init("a note too long", field: "note", edit(practice, #""note": """#, #""note": "# + longNote)),
        .init("no step", field: "stepID", edit(practice, #""stepID": "mirror""#, #""stepID": """#)),
    ]

    static let brokenThresholds: [StepsJSON] = [
        .init("an anxiety limit of 11", field: "anxiety", edit(thresholds, #""anxiety": 3"#, #""anxiety": 11"#)),
        .init("a pain limit of 4", field: "pain", edit(thresholds, #""pain": 3"#, #""pain": 4"#)),
        .init("no practices needed", field: "practicesNeeded", edit(thresholds, #"Needed": 3"#, #"Needed": 0"#)),
        .init("eleven practices needed", field: "practicesNeeded", edit(thresholds, #"Needed": 3"#, #"Needed": 11"#)),
        .init("no minutes", field: "shortestMinutes", edit(thresholds, #"Minutes": 10"#, #"Minutes": 0"#)),
        .init("ends the wrong way round", field: "longestMinutes", edit(thresholds, #"Minutes": 15"#, #"Minutes": 5"#)),
        .init("every 15 days", field: "everyDays", edit(thresholds, #""everyDays": 2"#, #""everyDays": 15"#)),
    ]

    @Test func handWrittenValuesThatKeepTheRulesDecode() throws {
        // Given hand-written JSON for a ladder, a practice and thresholds, when decoded
        let ladder = try JSONDecoder().decode(StepLadder.self, from: Data(Self.ladder.utf8))
        let practice = try JSONDecoder().decode(StepPractice.self, from: Data(Self.practice.utf8))
        let thresholds = try JSONDecoder().decode(StepThresholds.self, from: Data(Self.thresholds.utf8))

        // Then they read as written
        #expect(ladder.steps.map(\.kind) == [.mirror, .tampon, .dilator(diameterMillimetres: 10)])
        #expect(ladder.current?.id == stepID("tampon"))
        #expect(ladder.steps[2].isHidden)
        #expect(practice.anxietyBefore == 6 && practice.painAfter == 1 && practice.minutes == 12)
        #expect(thresholds == .standard)
    }

    @Test(arguments: brokenLadders)
    func aBrokenLadderIsRefusedByField(broken: StepsJSON) {
        #expect(refusal(StepLadder.self, Data(broken.json.utf8))?.field == broken.field)
    }

    @Test(arguments: brokenPractices)
    func aBrokenPracticeIsRefusedByField(broken: StepsJSON) {
        #expect(refusal(StepPractice.self, Data(broken.json.utf8))?.field == broken.field)
    }

    @Test(arguments: brokenThresholds)
    func brokenThresholdsAreRefusedByField(broken: StepsJSON) {
        #expect(refusal(StepThresholds.self, Data(broken.json.utf8))?.field == broken.field)
    }

    @Test func aLadderTooLongIsRefused() throws {
        // Given a ladder of 61 steps of the person's own
        let steps = (0...StepLadder.stepLimit).map { Step.custom(id: stepID("s\($0)"), title: "Step \($0)") }
        let data = try JSONEncoder().encode(StepLadder(steps: steps))

        // When decoded, then it is refused by its steps
        #expect(refusal(StepLadder.self, data)?.field == "steps")
    }

    @Test func whatTendWritesReadsBackAsItself() throws {
        // Given a ladder the person arranged, a practice with a partner, and their own thresholds
        var ladder = try StepLadder.standard(dilatorSizes: [9, 13])
        try ladder.add(.custom(id: stepID("own"), title: "In the bath"), at: 1)
        try ladder.hide(stepID("tampon"))
        try ladder.choose(stepID("dilator-9mm"))
        let practice = StepPractice(
            id: StepPracticeID(rawValue: "p"), stepID: stepID("own"), startedAt: StepsFixture.moment(0),
            anxietyBefore: 7, anxietyAfter: 2, painAfter: 0, note: "Easier than I thought.", withPartner: true)
        let thresholds = StepThresholds(anxiety: 5, pain: 2, practicesNeeded: 4, everyDays: 3)

        // When each is written and read back, then nothing changed
        #expect(try JSONDecoder().decode(StepLadder.self, from: JSONEncoder().encode(ladder)) == ladder)
        #expect(try JSONDecoder().decode(StepPractice.self, from: JSONEncoder().encode(practice)) == practice)
        #expect(try JSONDecoder().decode(StepThresholds.self, from: JSONEncoder().encode(thresholds)) == thresholds)

        // And only a dilator carries a width in JSON
        let tree = try JSONTree(encoding: ladder)
        #expect(tree["steps", 0, "diameterMillimetres"] == nil)
        #expect(tree["steps", 6, "diameterMillimetres"] as? Int == 9)
    }

    @Test func problemsAreSaidSoAPersonCanFixThem() {
        // Given values a form might send, then each problem is a sentence about the field
        let practice = StepPractice(
            id: StepPracticeID(rawValue: "p"), stepID: stepID("mirror"), startedAt: StepsFixture.moment(0),
            anxietyBefore: 2, anxietyAfter: 2, painAfter: 11)
        let painTooHigh = ValueProblem("painAfter", sentence: "Pain after practice must be between 0 and 10")
        #expect(practice.firstProblem == painTooHigh)
        let thresholds = StepThresholds(pain: 5)
        #expect(thresholds.firstProblem?.sentence.contains("always a sign to go gently") == true)
        #expect(StepThresholds.standard.isValid)
    }
}
