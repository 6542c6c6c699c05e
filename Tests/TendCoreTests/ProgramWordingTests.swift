import Foundation
import Testing

@testable import TendCore

@Suite("Every text is written for alone, receiver and giver, in words for anyone")
struct ProgramWordingTests {
    /// One hand edit of the standard programme, and the field the refusal must name.
    struct TextEdit: CustomTestStringConvertible, Sendable {
        let label: String
        let field: String
        let path: [FieldKey]
        let value: String?
        var testDescription: String { label }

        init(_ label: String, field: String, _ path: FieldKey..., to value: String?) {
            self.label = label
            self.field = field
            self.path = path
            self.value = value
        }
    }

    static let refused: [TextEdit] = [
        // Missing or empty for one audience
        TextEdit(
            "guidance missing alone", field: "phases[2].guidance.alone", "phases", 2, "guidance", "alone", to: nil),
        TextEdit(
            "guidance empty for the giver", field: "phases[2].guidance.giver", "phases", 2, "guidance", "giver", to: " "
        ),
        TextEdit(
            "title empty for the receiver", field: "phases[0].title.receiver", "phases", 0, "title", "receiver", to: ""),
        TextEdit("a line missing", field: "lines.gateCheckIn", "lines", "gateCheckIn", to: nil),
        TextEdit("a line missing alone", field: "lines.pointPress.alone", "lines", "pointPress", "alone", to: nil),
        TextEdit("a line empty", field: "lines.dwellCaption.giver", "lines", "dwellCaption", "giver", to: "\n"),
        // A partner in a text read alone
        TextEdit(
            "partner alone", field: "phases[1].guidance.alone", "phases", 1, "guidance", "alone",
            to: "Ask your partner."),
        TextEdit(
            "partner's alone", field: "phases[1].guidance.alone", "phases", 1, "guidance", "alone",
            to: "Your partner's hands."),
        TextEdit(
            "giver alone", field: "lines.returnToSix.alone", "lines", "returnToSix", "alone", to: "The giver slides."),
        TextEdit(
            "the receiver alone", field: "phases[3].guidance.alone", "phases", 3, "guidance", "alone",
            to: "Wait until the receiver is ready."),
        TextEdit(
            "both of you alone", field: "phases[0].title.alone", "phases", 0, "title", "alone", to: "Both of you, rest"),
        TextEdit(
            "each other alone", field: "phases[5].guidance.alone", "phases", 5, "guidance", "alone",
            to: "Hold each other."),
        TextEdit(
            "partner in a depth everyone reads", field: "gates[0].depth", "gates", 0, "depth",
            to: "As your partner likes."),
        // Gendered words, in any version
        TextEdit(
            "she for the giver", field: "phases[4].guidance.giver", "phases", 4, "guidance", "giver",
            to: "You can suggest; she decides."),
        TextEdit(
            "his for the receiver", field: "lines.dwellCaption.receiver", "lines", "dwellCaption", "receiver",
            to: "Rest in his hands."),
        TextEdit(
            "woman alone", field: "phases[0].guidance.alone", "phases", 0, "guidance", "alone", to: "As a woman, rest."),
        TextEdit("him in a line", field: "lines.gateCheckIn.giver", "lines", "gateCheckIn", "giver", to: "Tell him."),
        TextEdit("men in the name", field: "name", "name", to: "Practice for men"),
        TextEdit("her in a depth", field: "gates[2].depth", "gates", 2, "depth", to: "Up to her knuckle."),
        // Placeholders
        TextEdit(
            "an unknown placeholder", field: "lines.warmUpCaption.alone", "lines", "warmUpCaption", "alone",
            to: "{minutes} minutes."),
        TextEdit(
            "{hour} outside the point line", field: "phases[4].guidance.receiver", "phases", 4, "guidance",
            "receiver", to: "Toward {hour} o'clock."),
        TextEdit(
            "the point line without {hour}", field: "lines.pointPress.giver", "lines", "pointPress", "giver",
            to: "Press gently toward the point."),
    ]

    @Test(arguments: refused)
    func aTextThatBreaksARuleIsRefusedByName(_ edit: TextEdit) throws {
        // Given the standard programme with one text changed
        let data = try Self.standard(with: edit)

        // When it is read
        let error = #expect(throws: ProgramError.self) { try Program.decode(data) }

        // Then the refusal names the field
        #expect(error?.field == edit.field, "\(String(describing: error))")
        #expect(error?.description.hasPrefix(edit.field) == true)
    }

    static let accepted: [TextEdit] = [
        TextEdit("partner for the giver", field: "", "phases", 1, "guidance", "giver", to: "Your partner rests."),
        TextEdit(
            "the receiver and both of you for the giver", field: "", "lines", "dwellCaption", "giver",
            to: "The receiver decides; both of you breathe."),
        TextEdit(
            "words that only contain others", field: "", "phases", 2, "guidance", "alone",
            to: "The heel of the other hand; menopause; where; there; human; caregiver; Shelter."),
    ]

    @Test(arguments: accepted)
    func aTextWithinTheRulesIsAccepted(_ edit: TextEdit) throws {
        let data = try Self.standard(with: edit)

        #expect(throws: Never.self) { try Program.decode(data) }
    }

    @Test func theStandardProgrammeGivesEachAudienceItsOwnWords() throws {
        let program = try Program.standard()

        let warmUp = try #require(program.guide(for: .warmUp, audience: .alone))
        #expect(warmUp.title == "Warm-up: the whole body first")
        #expect(warmUp.guidance.contains("30 minutes or more"))
        #expect(program.text(.pointPress, for: .giver, hour: 7).contains("toward 7 o'clock"))
        #expect(program.text(.dwellCaption, for: .receiver).hasPrefix("3–5 minutes"))
        #expect(program.text(.warmUpCaption, for: .alone).hasPrefix("30 minutes or more"))
        #expect(program.guide(for: .clockFace, audience: .alone) != nil)
        #expect(
            Set(Participant.allCases.map { program.guide(for: .entranceHolding, audience: $0)!.guidance }).count == 3)
    }

    @Test func theStandardProgrammeKeepsTheMethodsFactsForEveryone() throws {
        let program = try Program.standard()

        for audience in Participant.allCases {
            let entrance = try #require(program.guide(for: .entranceHolding, audience: audience))
            #expect(
                entrance.guidance.contains("staying here for the whole session is a complete practice")
                    || entrance.guidance.contains("Staying here for the whole session is a complete practice"))
            let clockFace = try #require(program.guide(for: .clockFace, audience: audience)).guidance
            #expect(
                clockFace.contains("6, 7, 8, 9, 10") && clockFace.contains("back round to 6")
                    && clockFace.contains("5, 4, 3") && clockFace.contains("3–5 minutes or more"))
            #expect(
                try #require(program.guide(for: .warmUp, audience: audience)).guidance.contains("30 minutes or more"))
            let checkIn = program.text(.gateCheckIn, for: audience)
            #expect(!checkIn.lowercased().contains("deeper") && checkIn.contains("whole, good session"))
            for line in SessionLine.allCases {
                #expect(!program.text(line, for: audience, hour: 8).contains("{"), "\(line) for \(audience)")
            }
        }
        #expect(program.gates.map(\.depth).joined().contains("half the fingernail bed"))
        #expect(try #require(program.guide(for: .setUp, audience: .alone)).guidance.contains("lubricant"))
        #expect(
            try #require(program.guide(for: .warmUp, audience: .receiver)).guidance.contains("out through the mouth"))
    }

    @Test func theGiversWordsNeverMoveTheReceiverOn() throws {
        let program = try Program.standard()
        let giverTexts =
            Phase.allCases.compactMap { program.guide(for: $0, audience: .giver) }.flatMap { [$0.title, $0.guidance] }
            + SessionLine.allCases.map { program.text($0, for: .giver, hour: 6) }

        for text in giverTexts {
            let lowered = text.lowercased()
            #expect(
                !lowered.contains("ask if") && !lowered.contains("ready for") && !lowered.contains("suggest"), "\(text)"
            )
        }
    }

    /// The standard programme's JSON with one text changed (nil removes it).
    static func standard(with edit: TextEdit) throws -> Data {
        var tree = try JSONTree(encoding: try Program.standard())
        tree.setValue(edit.value, at: edit.path)
        return try tree.data()
    }
}

extension JSONTree {
    /// Sets the value at `path`, as the variadic subscript does, from a list of keys.
    mutating func setValue(_ value: Any?, at path: [FieldKey]) {
        switch path.count {
        case 1: self[path[0]] = value
        case 2: self[path[0], path[1]] = value
        case 3: self[path[0], path[1], path[2]] = value
        case 4: self[path[0], path[1], path[2], path[3]] = value
        default: Issue.record("paths of \(path.count) keys are not supported here")
        }
    }
}
