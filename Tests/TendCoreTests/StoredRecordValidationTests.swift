import Foundation
import Testing

@testable import TendCore

/// One hand edit of a stored value of any kind, and the field decoding must name when it refuses it.
struct RecordDamage: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let field: String
    /// Encodes the valid value, checks it reads back, applies the edit, and reads it again.
    let refusalAfterEdit: @Sendable () throws -> (field: String, sentence: String)?

    init<Value: Codable & Equatable & Sendable>(
        _ description: String, _ value: Value, field: String, edit: @escaping @Sendable (inout JSONTree) -> Void
    ) {
        self.testDescription = description
        self.field = field
        self.refusalAfterEdit = {
            var tree = try JSONTree(encoding: value)
            #expect(
                try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(value)) == value,
                "the valid value must read back")
            edit(&tree)
            return refusal(Value.self, try tree.data())
        }
    }
}

@Suite("Journal, intake, agreement, reminder, exercise and log values are refused when they break a rule")
struct StoredRecordValidationTests {
    static let day = Day("2026-11-25")!
    static let time = Date(timeIntervalSince1970: 1_795_000_000)
    static let checkIn = CheckIn(
        day: day, bodyTension: 4, mood: .steady, tried: [.tampon: Experience(anxiety: 3, pain: 2)], note: "a quiet day")
    static let intake = Intake(
        extent: .partial, onset: .later, onsetDescription: "after a hard year", situations: ["tampons"],
        contributors: ["stress"], experiences: [.partner: Experience(anxiety: 6, pain: nil)])
    static let plan = ReminderPlan(weekdays: [.monday], hour: 19, minute: 30, startsOn: day, savedAt: time)
    static let logged = LoggedSignal(
        index: 3, version: 12,
        record: SignalRecord(signal: .pain(2), by: .receiver, at: time, position: .point(gate: 1, step: 0)))

    static func digest() throws -> SessionDigest {
        SessionDigest(try StoredValueValidationTests.sampleSession())
    }

    static func damages() throws -> [RecordDamage] {
        let digest = try digest()
        let session = try StoredValueValidationTests.sampleSession()
        return [
            // Each part read on its own keeps its own rules, not only inside what holds it.
            .init("a rating alone, pain 11", session.steps[4].ratings[0], field: "pain") { $0["pain"] = 11 },
            .init("a step alone, left before it began", session.steps[4], field: "leftAt") {
                $0["leftAt"] = $0.number("enteredAt") - 1
            },
            .init("a signal alone, pain 6", logged.record, field: "signal") { $0["signal"] = ["pain": ["_0": 6]] },
            .init("a reflection alone, 51 feelings", Reflection(note: "n"), field: "emotions") {
                $0["emotions"] = Array(repeating: "calm", count: 51)
            },
            .init("an experience alone, anxiety 11", Experience(anxiety: 1, pain: 1), field: "anxiety") {
                $0["anxiety"] = 11
            },
            .init("a visit alone, 1e308 seconds", digest.visits[0], field: "seconds") { $0[5] = 1e308 },
            .init("check-in body tension 11", checkIn, field: "bodyTension") { $0["bodyTension"] = 11 },
            .init("check-in tampon pain -1", checkIn, field: "tried.tampon.pain") {
                $0["tried", "tampon", "pain"] = -1
            },
            .init("check-in note too long", checkIn, field: "note") {
                $0["note"] = String(repeating: "x", count: 4_001)
            },
            .init("intake anxiety 12", intake, field: "experiences.partner.anxiety") {
                $0["experiences", "partner", "anxiety"] = 12
            },
            .init("intake situations, 31", intake, field: "situations") {
                $0["situations"] = Array(repeating: "s", count: 31)
            },
            .init("intake contributor too long", intake, field: "contributors[0]") {
                $0["contributors", 0] = String(repeating: "x", count: 201)
            },
            .init("intake onset too long", intake, field: "onsetDescription") {
                $0["onsetDescription"] = String(repeating: "x", count: 2_001)
            },
            .init("agreement of 5 minutes", AgreementTests.complete, field: "durationMinutes") {
                $0["durationMinutes"] = 5
            },
            .init("agreement not agreed", AgreementTests.complete, field: "notForeplayAgreed") {
                $0["notForeplayAgreed"] = false
            },
            .init("agreement with no end signal", AgreementTests.complete, field: "endSignal") {
                $0["endSignal"] = " "
            },
            .init("agreement with an empty pain meaning", AgreementTests.complete, field: "painMeanings[2]") {
                $0["painMeanings", 2] = ""
            },
            .init("agreement with four pain meanings", AgreementTests.complete, field: "painMeanings") {
                $0["painMeanings"] = ["a", "b", "c", "d"]
            },
            .init("reminder at 24:00", plan, field: "hour") { $0["hour"] = 24 },
            .init("reminder at 19:60", plan, field: "minute") { $0["minute"] = 60 },
            .init("reminder on no day", plan, field: "weekdays") { $0["weekdays"] = [Int]() },
            .init("reminder 7 minutes long", plan, field: "minutes") { $0["minutes"] = 7 },
            .init("reminder with two lines", plan, field: "title") { $0["title"] = "quiet\ntime" },
            .init("reminder saved at a huge time", plan, field: "savedAt") { $0["savedAt"] = 1e300 },
            .init("breath in for 0 seconds", BreathPattern.standard, field: "inhaleSeconds") {
                $0["inhaleSeconds"] = 0
            },
            .init("breath out for ever", BreathPattern.standard, field: "exhaleSeconds") {
                $0["exhaleSeconds"] = "inf"
            },
            .init("jaw cue every Int.max minutes", try JawCues(everyMinutes: 5), field: "intervalMinutes") {
                $0["intervalMinutes"] = Int.max
            },
            .init("pelvic floor Int.max times", PelvicFloorPractice.standard, field: "repetitions") {
                $0["repetitions"] = Int.max
            },
            .init("pelvic floor squeeze 0 s", PelvicFloorPractice.standard, field: "contractSeconds") {
                $0["contractSeconds"] = 0
            },
            .init("pelvic floor release too short", PelvicFloorPractice.standard, field: "releaseSeconds") {
                $0["releaseSeconds"] = 1
            },
            .init("pelvic floor rest -1 s", PelvicFloorPractice.standard, field: "restSeconds") {
                $0["restSeconds"] = -1
            },
            .init("logged signal version -1", logged, field: "version") { $0["version"] = -1 },
            .init("logged signal index Int.max", logged, field: "index") { $0["index"] = Int.max },
            .init("logged pain signal 0", logged, field: "record.signal") {
                $0["record", "signal"] = ["pain": ["_0": 0]]
            },
            .init("logged signal at NaN", logged, field: "record.at") { $0["record", "at"] = "nan" },
            .init("digest active seconds NaN", digest, field: "activeSeconds") { $0["activeSeconds"] = "nan" },
            .init("digest created at inf", digest, field: "createdAt") { $0["createdAt"] = "inf" },
            .init("digest started in year 30 million", digest, field: "startedAt") { $0["startedAt"] = 1e15 },
            .init("digest visit gate -1", digest, field: "visits[0].gate") { $0["visits", 0, 0] = -1 },
            .init("digest visit step Int.min", digest, field: "visits[0].step") { $0["visits", 0, 1] = Int.min },
            .init("digest visit at NaN", digest, field: "visits[0].enteredAt") { $0["visits", 0, 2] = "nan" },
            .init("digest visit tension 11", digest, field: "visits[0].tension") { $0["visits", 0, 3] = 11 },
            .init("digest visit pain -7", digest, field: "visits[0].pain") { $0["visits", 0, 4] = -7 },
            .init("digest visit 1e308 seconds", digest, field: "visits[0].seconds") { $0["visits", 0, 5] = 1e308 },
        ]
    }

    @Test(arguments: try damages())
    func aDamagedValueIsRefusedNamingTheField(damage: RecordDamage) throws {
        let refused = try #require(try damage.refusalAfterEdit(), "\(damage) was accepted")
        #expect(refused.field == damage.field)
        #expect(refused.sentence.contains(" "))
    }

    @Test func formsAndDecodingSayTheSameThing() throws {
        // Given a check-in and a plan a form would refuse
        let checkIn = CheckIn(day: Self.day, bodyTension: 11)
        let plan = ReminderPlan(weekdays: [], hour: 7, minute: 0, startsOn: Self.day, savedAt: Self.time)

        // Then the form's words are the decoder's
        #expect(checkIn.problem == "How tense the body feels goes from 0 to 10.")
        var tree = try JSONTree(encoding: Self.checkIn)
        tree["bodyTension"] = 11
        #expect(refusal(CheckIn.self, try tree.data())?.sentence == checkIn.problem)
        #expect(plan.problem == "Please choose at least one day.")
        #expect(
            !Intake(extent: .total, onset: .always, experiences: [.finger: Experience(anxiety: 11, pain: 0)]).isValid)
    }

    @Test func aShorterExhaleChosenKnowinglyStillReads() throws {
        let pattern = try BreathPattern(inhale: 6, exhale: 4, allowShorterExhale: true)
        #expect(try JSONDecoder().decode(BreathPattern.self, from: JSONEncoder().encode(pattern)) == pattern)
        #expect(try JSONDecoder().decode(JawCues.self, from: JSONEncoder().encode(JawCues.off)) == .off)
    }
}
