import Foundation

/// Why a programme file could not be used. Each case names the field and what is wrong with it.
public enum ProgramError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not readable JSON of the right shape.
    case malformed(field: String, problem: String)
    /// The file is well-formed but breaks a rule of the method.
    case invalid(field: String, problem: String)
    /// The standard programme is missing from the build.
    case missingResource(String)

    /// The field the problem is in, as a path like `gates[1].sequence[3]`.
    public var field: String? {
        switch self {
        case .malformed(let field, _), .invalid(let field, _): field
        case .missingResource: nil
        }
    }

    public var description: String {
        switch self {
        case .malformed(let field, let problem), .invalid(let field, let problem):
            field.isEmpty ? problem : "\(field): \(problem)"
        case .missingResource(let name):
            "the programme file \(name) is missing from this build"
        }
    }
}

extension Program {
    /// Decodes and validates a programme file.
    public static func decode(_ data: Data) throws(ProgramError) -> Program {
        let program: Program
        do {
            program = try JSONDecoder().decode(Program.self, from: data)
        } catch let error as DecodingError {
            throw ProgramError(error)
        } catch {
            throw .malformed(field: "", problem: "the file could not be read as JSON")
        }
        try program.validate()
        return program
    }

    /// The standard programme of the method, shipped with Tend.
    public static func standard() throws(ProgramError) -> Program {
        guard let url = standardFileURL, let data = try? Data(contentsOf: url) else {
            throw .missingResource("standard-program.json")
        }
        return try decode(data)
    }

    /// Where the standard programme file sits in this build.
    static var standardFileURL: URL? {
        Bundle.module.url(forResource: "standard-program", withExtension: "json")
    }

    /// Checks the rules of the method that the JSON shape alone cannot express.
    public func validate() throws(ProgramError) {
        guard format == Program.supportedFormat else {
            throw .invalid(field: "format", problem: "is \(format), but this version of Tend reads format \(Program.supportedFormat)")
        }
        try requireText(id, field: "id")
        try requireText(name, field: "name")
        try validatePhases()
        guard warmUp.suggestedMinutes > 0 else {
            throw .invalid(field: "warmUp.suggestedMinutes", problem: "must be more than 0 minutes")
        }
        guard dwell.minMinutes > 0 else {
            throw .invalid(field: "dwell.minMinutes", problem: "must be more than 0 minutes")
        }
        guard dwell.maxMinutes >= dwell.minMinutes else {
            throw .invalid(field: "dwell.maxMinutes", problem: "must not be less than dwell.minMinutes (\(dwell.minMinutes))")
        }
        try validateGates()
    }

    private func validatePhases() throws(ProgramError) {
        guard !phases.isEmpty else { throw .invalid(field: "phases", problem: "must list at least the close") }
        var seen = Set<Phase>()
        for (index, guide) in phases.enumerated() {
            let field = "phases[\(index)]"
            guard seen.insert(guide.phase).inserted else {
                throw .invalid(field: "\(field).phase", problem: "\(guide.phase.rawValue) appears more than once")
            }
            try requireText(guide.title, field: "\(field).title")
            try requireText(guide.guidance, field: "\(field).guidance")
        }
        guard phases.last?.phase == .close else {
            throw .invalid(field: "phases[\(phases.count - 1)].phase", problem: "the last phase must be close")
        }
        let touch: Set<Phase> = [.fullHandHolding, .entranceHolding, .clockFace]
        if let firstTouch = phases.firstIndex(where: { touch.contains($0.phase) }) {
            let warmUpIndex = phases.firstIndex { $0.phase == .warmUp }
            guard let warmUpIndex, warmUpIndex < firstTouch else {
                throw .invalid(field: "phases[\(firstTouch)].phase", problem: "genital touch must come after a warm-up phase")
            }
        }
    }

    private func validateGates() throws(ProgramError) {
        let hasClockFace = phases.contains { $0.phase == .clockFace }
        if hasClockFace && gates.isEmpty {
            throw .invalid(field: "gates", problem: "the clock face needs at least one gate")
        }
        for (index, gate) in gates.enumerated() {
            let field = "gates[\(index)]"
            guard gate.number == index + 1 else {
                throw .invalid(field: "\(field).number", problem: "is \(gate.number), but gates are numbered 1, 2, 3… in order, so this one must be \(index + 1)")
            }
            try requireText(gate.depth, field: "\(field).depth")
            guard !gate.sequence.isEmpty else {
                throw .invalid(field: "\(field).sequence", problem: "must list at least one clock point")
            }
            for step in 1..<gate.sequence.count where gate.sequence[step] == gate.sequence[step - 1] {
                throw .invalid(field: "\(field).sequence[\(step)]", problem: "repeats the point just before it")
            }
        }
    }

    private func requireText(_ text: String, field: String) throws(ProgramError) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid(field: field, problem: "must not be empty")
        }
    }
}

extension ProgramError {
    init(_ error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce(into: "") { result, key in
                if let index = key.intValue {
                    result += "[\(index)]"
                } else {
                    result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            self = .malformed(field: parent.isEmpty ? key.stringValue : "\(parent).\(key.stringValue)", problem: "is missing")
        case .typeMismatch(let type, let context):
            self = .malformed(field: path(context.codingPath), problem: "should be \(Self.plainName(of: type))")
        case .valueNotFound(let type, let context):
            self = .malformed(field: path(context.codingPath), problem: "should be \(Self.plainName(of: type)), not null")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            let problem = field.isEmpty ? "the file is not valid JSON" : context.debugDescription
            self = .malformed(field: field, problem: problem)
        @unknown default:
            self = .malformed(field: "", problem: "the file could not be read")
        }
    }

    private static func plainName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Double.Type: "a number"
        case is [Any].Type: "a list"
        default: "an object"
        }
    }
}
