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
    /// A file of another format is refused by its `format` before its shape is read, so the
    /// refusal says why rather than pointing at the first field whose shape changed.
    public static func decode(_ data: Data) throws(ProgramError) -> Program {
        let program: Program
        do {
            let format = try JSONDecoder().decode(FormatOnly.self, from: data).format
            try checkFormat(format)
            program = try JSONDecoder().decode(Program.self, from: data)
        } catch let error as DecodingError {
            throw ProgramError(error)
        } catch let error as ProgramError {
            throw error
        } catch {
            throw .malformed(field: "", problem: "the file could not be read as JSON")
        }
        try program.validate()
        return program
    }

    /// Just the format number of a programme file.
    private struct FormatOnly: Decodable {
        let format: Int
    }

    /// Refuses any format but ``supportedFormat``. Format 1 is not converted: it had one text for
    /// everyone, written to a couple, and the words for someone alone cannot be made from it.
    private static func checkFormat(_ format: Int) throws(ProgramError) {
        switch format {
        case supportedFormat:
            return
        case 1:
            throw .invalid(
                field: "format",
                problem: "is 1, but this version of Tend reads format \(supportedFormat): every title, guidance and "
                    + "line is now written three times (alone, receiver, giver), so a format 1 file must be rewritten")
        default:
            let problem = "is \(format), but this version of Tend reads format \(supportedFormat)"
            throw .invalid(field: "format", problem: problem)
        }
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
        try Self.checkFormat(format)
        try requireText(id, field: "id")
        try checkSharedText(name, field: "name")
        guard name.count <= Self.nameLimit else {
            throw .invalid(field: "name", problem: "is \(name.count) characters; please keep it to \(Self.nameLimit) or fewer")
        }
        try validatePhases()
        try validateLines()
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
            try checkText(guide.title, field: "\(field).title")
            try checkText(guide.guidance, field: "\(field).guidance")
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
        guard gates.count <= Self.gateLimit else {
            throw .invalid(field: "gates", problem: "has \(gates.count) gates; a programme may have up to \(Self.gateLimit)")
        }
        for (index, gate) in gates.enumerated() {
            let field = "gates[\(index)]"
            guard gate.number == index + 1 else {
                throw .invalid(field: "\(field).number", problem: "is \(gate.number), but gates are numbered 1, 2, 3… in order, so this one must be \(index + 1)")
            }
            try checkSharedText(gate.depth, field: "\(field).depth")
            guard !gate.sequence.isEmpty else {
                throw .invalid(field: "\(field).sequence", problem: "must list at least one clock point")
            }
            guard gate.sequence.count <= Self.sequenceLimit else {
                throw .invalid(field: "\(field).sequence", problem: "lists \(gate.sequence.count) points; a gate may list up to \(Self.sequenceLimit)")
            }
            for step in 1..<gate.sequence.count where gate.sequence[step] == gate.sequence[step - 1] {
                throw .invalid(field: "\(field).sequence[\(step)]", problem: "repeats the point just before it")
            }
        }
    }

    private func validateLines() throws(ProgramError) {
        for line in SessionLine.allCases {
            let field = "lines.\(line.rawValue)"
            guard let text = lines[line] else { throw .invalid(field: field, problem: "is missing") }
            try checkText(text, field: field, mayNameHour: line == .pointPress)
            guard line == .pointPress else { continue }
            for audience in Participant.allCases where !text[audience].contains(Placeholder.hour.token) {
                throw .invalid(field: "\(field).\(audience.rawValue)", problem: "must say which point, with {hour}")
            }
        }
    }

    private func requireText(_ text: String, field: String) throws(ProgramError) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid(field: field, problem: "must not be empty")
        }
        guard text.count <= Self.textLimit else {
            throw .invalid(field: field, problem: "is \(text.count) characters; please keep it to \(Self.textLimit) or fewer")
        }
    }

    /// The longest text a programme may hold in one field: two short paragraphs, so a whole
    /// programme written in the form stays within a form's 64 KiB.
    public static let textLimit = 1_000
    /// The longest name a programme may have.
    public static let nameLimit = 80
    /// The most gates a programme may have: the method's three depths, to the first knuckle.
    public static let gateLimit = 3
    /// The most points one gate's sequence may list.
    public static let sequenceLimit = 24

    // MARK: - Words

    /// A text in its three versions: each present, with no gendered word and only known
    /// placeholders; the version read alone never speaks of a partner.
    private func checkText(_ text: AudienceText, field: String, mayNameHour: Bool = false) throws(ProgramError) {
        for audience in Participant.allCases {
            let words = text[audience]
            let field = "\(field).\(audience.rawValue)"
            try requireText(words, field: field)
            try refuseGenderedWords(words, field: field)
            if audience == .alone { try refusePartnerWords(words, field: field) }
            try checkPlaceholders(words, field: field, mayNameHour: mayNameHour)
        }
    }

    /// A text everyone reads, alone or as a pair (the name, a gate's depth).
    private func checkSharedText(_ text: String, field: String) throws(ProgramError) {
        try requireText(text, field: field)
        try refuseGenderedWords(text, field: field)
        try refusePartnerWords(text, field: field)
    }

    /// Words that give the reader a gender. Receivers and givers can be anyone.
    static let genderedWords: Set<String> = [
        "she", "her", "hers", "herself", "he", "him", "his", "himself", "woman", "women", "man", "men",
        "girl", "girls", "boy", "boys", "lady", "ladies", "female", "male", "wife", "husband",
        "girlfriend", "boyfriend",
    ]

    /// Words and phrases that speak of a second person, which a text read alone must not.
    static let partnerWords: [String] = [
        "partner", "partners", "giver", "givers", "receiver", "receivers", "both of you", "each other",
        "the two of you",
    ]

    private func refuseGenderedWords(_ text: String, field: String) throws(ProgramError) {
        let words = Self.words(of: text)
        guard let word = words.first(where: Self.genderedWords.contains) else { return }
        throw .invalid(field: field, problem: "uses the gendered word \"\(word)\"; receivers and givers can be anyone")
    }

    private func refusePartnerWords(_ text: String, field: String) throws(ProgramError) {
        let joined = " " + Self.words(of: text).joined(separator: " ") + " "
        guard let word = Self.partnerWords.first(where: { joined.contains(" \($0) ") }) else { return }
        throw .invalid(field: field, problem: "is read by someone practising alone, so it must not say \"\(word)\"")
    }

    /// Every `{name}` must be one Tend fills in; `{hour}` only where a point is named.
    private func checkPlaceholders(_ text: String, field: String, mayNameHour: Bool) throws(ProgramError) {
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let close = rest[open...].firstIndex(of: "}") ?? rest.endIndex
            let name = String(rest[rest.index(after: open)..<close])
            guard let placeholder = Placeholder(rawValue: name) else {
                let known = Placeholder.allCases.map(\.token).joined(separator: ", ")
                throw .invalid(field: field, problem: "has {\(name)}, which is not one of \(known)")
            }
            if placeholder == .hour && !mayNameHour {
                throw .invalid(field: field, problem: "has {hour}, which only lines.pointPress may use")
            }
            rest = rest[close...].dropFirst()
        }
    }

    /// The words of a text, lower-cased: letters only, so "partner's" holds "partner".
    static func words(of text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.map(String.init)
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
