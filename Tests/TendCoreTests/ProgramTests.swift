import Foundation
import Testing

@testable import TendCore

@Suite("Programmes are data, validated on load")
struct ProgramTests {
    @Test func standardProgrammeFollowsTheMethod() throws {
        let program = try Program.standard()

        #expect(program.phases.map(\.phase) == [.setUp, .warmUp, .fullHandHolding, .entranceHolding, .clockFace, .close])
        #expect(program.warmUp.suggestedMinutes == 30)
        #expect(program.dwell.minMinutes == 3 && program.dwell.maxMinutes == 5)
        #expect(program.gates.map(\.number) == [1, 2, 3])
        for gate in program.gates {
            #expect(gate.sequence.map(\.hour) == [6, 7, 8, 9, 10, 6, 5, 4, 3])
        }
    }

    @Test func fullPathVisitsEveryPointOfEveryGateWithACheckInAfterEach() throws {
        let program = try Program.standard()

        let path = program.fullPath

        let expectedClockFace = (1...3).flatMap { gate in
            (0..<9).map { Position.point(gate: gate, step: $0) } + [.checkIn(gate: gate)]
        }
        #expect(
            path == [.phase(.setUp), .phase(.warmUp), .phase(.fullHandHolding), .phase(.entranceHolding)]
                + expectedClockFace + [.phase(.close), .finished])
    }

    /// A change to the standard file, and the field the refusal must name.
    struct BadEdit: CustomTestStringConvertible, Sendable {
        let label: String
        let field: String
        let edit: @Sendable (inout [String: Any]) -> Void
        var testDescription: String { label }
    }

    static let badEdits: [BadEdit] = [
        BadEdit(label: "missing name", field: "name") { $0["name"] = nil },
        BadEdit(label: "name of the wrong type", field: "name") { $0["name"] = 5 },
        BadEdit(label: "unknown format", field: "format") { $0["format"] = 99 },
        BadEdit(label: "hour 13", field: "gates[1].sequence[2]") { file in
            editGate(&file, 1) { $0["sequence"] = [6, 7, 13] }
        },
        BadEdit(label: "gates out of order", field: "gates[1].number") { file in
            editGate(&file, 1) { $0["number"] = 3 }
        },
        BadEdit(label: "empty depth", field: "gates[2].depth") { file in
            editGate(&file, 2) { $0["depth"] = "  " }
        },
        BadEdit(label: "empty sequence", field: "gates[0].sequence") { file in
            editGate(&file, 0) { $0["sequence"] = [Int]() }
        },
        BadEdit(label: "dwell range reversed", field: "dwell.maxMinutes") { $0["dwell"] = ["minMinutes": 5, "maxMinutes": 3] },
        BadEdit(label: "zero warm-up", field: "warmUp.suggestedMinutes") { $0["warmUp"] = ["suggestedMinutes": 0] },
        BadEdit(label: "unknown phase", field: "phases[1].phase") { file in
            var phases = file["phases"] as! [[String: Any]]
            phases[1]["phase"] = "hurry"
            file["phases"] = phases
        },
        BadEdit(label: "close not last", field: "phases[5].phase") { file in
            var phases = file["phases"] as! [[String: Any]]
            phases.swapAt(4, 5)
            file["phases"] = phases
        },
        BadEdit(label: "touch before the warm-up", field: "phases[1].phase") { file in
            var phases = file["phases"] as! [[String: Any]]
            phases.swapAt(1, 2)
            file["phases"] = phases
        },
        BadEdit(label: "a name past the text limit", field: "name") { $0["name"] = String(repeating: "a", count: Program.textLimit + 1) },
        BadEdit(label: "a fourth gate", field: "gates") { file in
            var gates = file["gates"] as! [[String: Any]]
            gates.append(["number": 4, "depth": "deeper", "sequence": [6, 7]])
            file["gates"] = gates
        },
        BadEdit(label: "a sequence past its limit", field: "gates[0].sequence") { file in
            editGate(&file, 0) { $0["sequence"] = (0...Program.sequenceLimit).map { $0 % 2 == 0 ? 6 : 7 } }
        },
        BadEdit(label: "a phase twice", field: "phases[2].phase") { file in
            var phases = file["phases"] as! [[String: Any]]
            phases[2]["phase"] = "warmUp"
            file["phases"] = phases
        },
    ]

    @Test(arguments: badEdits)
    func badFieldIsRefusedByName(_ bad: BadEdit) throws {
        var file = try Self.standardFile()
        bad.edit(&file)
        let data = try JSONSerialization.data(withJSONObject: file)

        let error = #expect(throws: ProgramError.self) { try Program.decode(data) }

        #expect(error?.field == bad.field, "\(String(describing: error))")
        #expect(error?.description.hasPrefix(bad.field) == true)
    }

    @Test func aFormatOneFileIsRefusedByItsFormatNotItsShape() throws {
        // Given the standard file as format 1 wrote it: one title and one guidance for everyone
        var file = try Self.standardFile()
        file["format"] = 1
        var phases = file["phases"] as! [[String: Any]]
        phases[0]["title"] = "Make the space yours"
        file["phases"] = phases
        file["lines"] = nil

        // When it is read
        let error = #expect(throws: ProgramError.self) {
            try Program.decode(JSONSerialization.data(withJSONObject: file))
        }

        // Then the refusal names the format and says what changed
        #expect(error?.field == "format")
        #expect(error?.description.contains("alone, receiver, giver") == true)
    }

    @Test func textThatIsNotJSONIsRefusedPlainly() {
        let error = #expect(throws: ProgramError.self) { try Program.decode(Data("gates: 3".utf8)) }
        #expect(error == .malformed(field: "", problem: "the file is not valid JSON"))
    }

    static func standardFile() throws -> [String: Any] {
        let url = try #require(Program.standardFileURL)
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    static func editGate(_ file: inout [String: Any], _ index: Int, _ edit: (inout [String: Any]) -> Void) {
        var gates = file["gates"] as! [[String: Any]]
        edit(&gates[index])
        file["gates"] = gates
    }
}
