import Foundation
import TendCore

/// A session programme as a practitioner writes it in a form: every field as typed, so a form
/// sent back with a problem keeps all of it. It becomes a ``Program`` only through TendCore's rules.
struct ProgramDraft {
    /// The form's fields by name, as typed (or as filled from a programme).
    var fields: [String: String]

    /// The gates a form offers: the method's three depths.
    static let gateCount = Program.gateLimit

    /// A draft from what a form sent; only the names this form has are kept.
    init(form: FormFields) {
        fields = [:]
        for name in Self.fieldNames {
            if let value = form[name] { fields[name] = value }
        }
    }

    /// A draft filled from a programme (the method's own, as a starting point).
    init(_ program: Program) {
        fields = ["name": program.name, "warmUpMinutes": "\(program.warmUp.suggestedMinutes)",
            "dwellMin": "\(program.dwell.minMinutes)", "dwellMax": "\(program.dwell.maxMinutes)"]
        for guide in program.phases {
            let phase = guide.phase.rawValue
            if guide.phase != .close { fields["include-\(phase)"] = "on" }
            fields["title-\(phase)"] = guide.title.alone
            // A partner session's own titles, only where they differ from the one read alone.
            for audience in [Participant.receiver, .giver] where guide.title[audience] != guide.title.alone {
                fields["title-\(audience.rawValue)-\(phase)"] = guide.title[audience]
            }
            for audience in Participant.allCases { fields["\(audience.rawValue)-\(phase)"] = guide.guidance[audience] }
        }
        for gate in program.gates {
            fields["depth-\(gate.number)"] = gate.depth
            fields["sequence-\(gate.number)"] = gate.sequence.map { "\($0.hour)" }.joined(separator: " ")
        }
        for (line, text) in program.lines {
            for audience in Participant.allCases { fields["line-\(line.rawValue)-\(audience.rawValue)"] = text[audience] }
        }
    }

    subscript(_ name: String) -> String { fields[name] ?? "" }

    /// Every field name the form has.
    static var fieldNames: [String] {
        var names = ["name", "warmUpMinutes", "dwellMin", "dwellMax"]
        for phase in Phase.allCases {
            names += ["include-\(phase.rawValue)", "title-\(phase.rawValue)", "title-receiver-\(phase.rawValue)", "title-giver-\(phase.rawValue)"]
                + Participant.allCases.map { "\($0.rawValue)-\(phase.rawValue)" }
        }
        names += (1...gateCount).flatMap { ["depth-\($0)", "sequence-\($0)"] }
        names += SessionLine.allCases.flatMap { line in Participant.allCases.map { "line-\(line.rawValue)-\($0.rawValue)" } }
        return names
    }

    // MARK: - To a programme

    /// The programme this draft writes, checked by TendCore's rules; a problem names the
    /// programme's field (`phases[2].guidance.alone`), which ``formField(for:)`` finds on the form.
    func program() throws(ProgramError) -> Program {
        let included = Phase.allCases.filter { $0 == .close || self["include-\($0.rawValue)"] == "on" }
        let touch: Set<Phase> = [.fullHandHolding, .entranceHolding, .clockFace]
        if !included.contains(.warmUp), included.contains(where: touch.contains) {
            throw .invalid(field: "phases", problem: "genital touch comes only after a warm-up: tick the warm-up, or leave out the holdings and the clock face")
        }
        let phases = included.map { phase in
            let title = self["title-\(phase.rawValue)"].trimmed
            // A partner session's titles are the same unless written apart.
            func titleFor(_ audience: Participant) -> String {
                let own = self["title-\(audience.rawValue)-\(phase.rawValue)"].trimmed
                return own.isEmpty ? title : own
            }
            return PhaseGuide(
                phase: phase, title: AudienceText(alone: title, receiver: titleFor(.receiver), giver: titleFor(.giver)),
                guidance: AudienceText(
                    alone: self["alone-\(phase.rawValue)"].trimmed, receiver: self["receiver-\(phase.rawValue)"].trimmed,
                    giver: self["giver-\(phase.rawValue)"].trimmed))
        }
        var lines: [SessionLine: AudienceText] = [:]
        for line in SessionLine.allCases {
            let text = { (audience: Participant) in self["line-\(line.rawValue)-\(audience.rawValue)"].trimmed }
            lines[line] = AudienceText(alone: text(.alone), receiver: text(.receiver), giver: text(.giver))
        }
        let program = Program(
            id: "draft", name: self["name"].trimmed, phases: phases, lines: lines,
            warmUp: WarmUpGuide(suggestedMinutes: try minutes("warmUpMinutes", field: "warmUp.suggestedMinutes")),
            dwell: DwellGuide(minMinutes: try minutes("dwellMin", field: "dwell.minMinutes"), maxMinutes: try minutes("dwellMax", field: "dwell.maxMinutes")),
            gates: try gates(clockFace: included.contains(.clockFace)))
        try program.validate()
        return program
    }

    private func minutes(_ name: String, field: String) throws(ProgramError) -> Int {
        guard let value = Int(self[name].trimmed), (0...600).contains(value) else {
            throw .invalid(field: field, problem: "please write a whole number of minutes, up to 600")
        }
        return value
    }

    /// The gates written, in order. Without the clock face, gates are not asked for.
    private func gates(clockFace: Bool) throws(ProgramError) -> [Gate] {
        guard clockFace else { return [] }
        var gates: [Gate] = []
        var ended = false
        for number in 1...Self.gateCount {
            let depth = self["depth-\(number)"].trimmed
            let written = self["sequence-\(number)"].split { $0 == " " || $0 == "," || $0 == "\n" || $0 == "\r" || $0 == "\t" }
            let field = "gates[\(number - 1)]"
            if depth.isEmpty && written.isEmpty {
                ended = true
                continue
            }
            guard !ended else {
                throw .invalid(field: "\(field).depth", problem: "gate \(number - 1) is empty, so gate \(number) cannot follow; please fill the gates in order")
            }
            var sequence: [ClockPoint] = []
            for (index, word) in written.enumerated() {
                guard let point = Int(word).flatMap(ClockPoint.init(hour:)) else {
                    throw .invalid(field: "\(field).sequence[\(index)]", problem: "\"\(word.prefix(12))\" is not an hour of the clock (1 to 12)")
                }
                sequence.append(point)
            }
            gates.append(Gate(number: number, depth: depth, sequence: sequence))
        }
        return gates
    }

    // MARK: - From a problem back to the form

    /// The form field a programme field lives in, and its name in words; nil for the programme as a whole.
    static func formField(for path: String?, in draft: ProgramDraft) -> (name: String, label: String)? {
        guard let path, !path.isEmpty else { return nil }
        let parts = path.split(separator: ".").map(String.init)
        func index(_ part: String) -> Int? {
            guard let open = part.firstIndex(of: "["), let close = part.firstIndex(of: "]") else { return nil }
            return Int(part[part.index(after: open)..<close])
        }
        switch parts[0] {
        case "name": return ("name", "The programme's name")
        case "warmUp": return ("warmUpMinutes", "The warm-up's minutes")
        case "dwell": return parts.last == "maxMinutes" ? ("dwellMax", "The most minutes on a point") : ("dwellMin", "The fewest minutes on a point")
        case "gates": return ("sequence-1", "The gates")
        case let part where part.hasPrefix("gates["):
            guard let number = index(part).map({ $0 + 1 }) else { return nil }
            return parts.count > 1 && parts[1] == "depth"
                ? ("depth-\(number)", "Gate \(number)'s depth") : ("sequence-\(number)", "Gate \(number)'s points")
        case "phases":
            return ("include-\(Phase.warmUp.rawValue)", ProgramPages.phaseName(.warmUp))
        case let part where part.hasPrefix("phases["):
            let included = Phase.allCases.filter { $0 == .close || draft["include-\($0.rawValue)"] == "on" }
            guard let at = index(part), included.indices.contains(at) else { return nil }
            let phase = included[at]
            let name = ProgramPages.phaseName(phase)
            guard parts.count > 1 else { return ("include-\(phase.rawValue)", name) }
            if parts[1] == "title" {
                // The receiver's or giver's own title, where one was written; otherwise the shared one.
                if parts.count > 2, let audience = Participant(rawValue: parts[2]), audience != .alone,
                    !draft["title-\(audience.rawValue)-\(phase.rawValue)"].trimmed.isEmpty
                {
                    return ("title-\(audience.rawValue)-\(phase.rawValue)", "\(name): its title \(ProgramPages.audienceName(audience))")
                }
                return ("title-\(phase.rawValue)", "\(name): its title")
            }
            if parts[1] == "guidance", parts.count > 2, let audience = Participant(rawValue: parts[2]) {
                return ("\(audience.rawValue)-\(phase.rawValue)", "\(name): the words \(ProgramPages.audienceName(audience))")
            }
            return ("include-\(phase.rawValue)", name)
        case "lines":
            guard parts.count > 1, let line = SessionLine(rawValue: parts[1]) else { return nil }
            let audience = parts.count > 2 ? Participant(rawValue: parts[2]) ?? .alone : .alone
            return ("line-\(line.rawValue)-\(audience.rawValue)", "\(ProgramPages.lineName(line)), \(ProgramPages.audienceName(audience))")
        default:
            return nil
        }
    }
}

extension String {
    /// Without the spaces and line breaks around it.
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
