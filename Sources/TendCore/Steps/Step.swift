import Foundation

/// One small step on a person's ladder of graded practice: what it is, what they call it, and
/// whether they have hidden it because it does not apply to them.
public struct Step: Hashable, Sendable, Identifiable {
    /// The longest title kept: one line on a phone.
    public static let titleLimit = 80

    /// Which step it is, stable for the life of the step.
    public var id: StepID
    /// What the step is; a dilator carries its width.
    public var kind: StepKind
    /// What the person calls it, in their own words; one line.
    public var title: String
    /// Hidden steps stay on the ladder (with their history) but are skipped when Tend suggests one.
    public var isHidden: Bool

    /// A step titled `title`, or its kind's default title when none is given. Titles are trimmed.
    public init(id: StepID, kind: StepKind, title: String? = nil, isHidden: Bool = false) {
        self.id = id
        self.kind = kind
        self.title = (title ?? kind.defaultTitle).trimmingCharacters(in: .whitespacesAndNewlines)
        self.isHidden = isHidden
    }

    /// A step of the person's own, named by them.
    public static func custom(id: StepID, title: String) -> Step {
        Step(id: id, kind: .custom, title: title)
    }

    /// A dilator from the person's set, `diameterMillimetres` wide.
    public static func dilator(id: StepID, diameterMillimetres: Int) -> Step {
        Step(id: id, kind: .dilator(diameterMillimetres: diameterMillimetres))
    }

    /// The plain line on what the step is.
    public var summary: String { kind.summary }
}

extension Step: Validatable {
    /// An identifier Tend can keep, a one-line title of a sensible length, and a dilator width in range.
    public func validate() throws(ValueProblem) {
        try Check.identifier(id.rawValue, at: "id", "a step's identifier")
        if title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValueProblem("title", sentence: "Please give the step a name, in a few words.")
        }
        if title.count > Self.titleLimit {
            throw ValueProblem(
                "title", sentence: "Please keep the step's name to \(Self.titleLimit) characters or fewer.")
        }
        if !Check.isOneLine(title) {
            throw ValueProblem("title", sentence: "Please keep the step's name on one line.")
        }
        if case .dilator(let diameter) = kind, !StepKind.diameters.contains(diameter) {
            let range = StepKind.diameters
            throw ValueProblem(
                "diameterMillimetres",
                sentence: "A dilator's width is between \(range.lowerBound) and \(range.upperBound) millimetres.")
        }
    }
}

// MARK: - JSON

extension Step: Codable {
    // Written flat, `{"id", "kind", "diameterMillimetres" (dilators only), "title", "isHidden"}`, so the
    // width sits beside the kind it belongs to and a stored step reads plainly.
    private enum CodingKeys: String, CodingKey {
        case id, kind, diameterMillimetres, title, isHidden
    }

    /// Reads a step written flat, refusing one that breaks a rule with the field named.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(StepID.self, forKey: .id)
        let name = try container.decode(StepKind.Name.self, forKey: .kind)
        let diameter = try container.decodeIfPresent(Int.self, forKey: .diameterMillimetres)
        kind = try Self.kind(name, diameter: diameter, decodedBy: decoder)
        title = try container.decode(String.self, forKey: .title)
        isHidden = try container.decode(Bool.self, forKey: .isHidden)
        try validate(decodedBy: decoder)
    }

    /// Writes the step flat, with a width only for a dilator.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind.name, forKey: .kind)
        if case .dilator(let diameter) = kind {
            try container.encode(diameter, forKey: .diameterMillimetres)
        }
        try container.encode(title, forKey: .title)
        try container.encode(isHidden, forKey: .isHidden)
    }

    /// The kind named, with a width exactly when it is a dilator.
    private static func kind(_ name: StepKind.Name, diameter: Int?, decodedBy decoder: any Decoder) throws -> StepKind {
        func refused(_ sentence: String) -> DecodingError {
            .dataCorrupted(
                .init(codingPath: decoder.codingPath + [CodingKeys.diameterMillimetres], debugDescription: sentence))
        }
        switch (name, diameter) {
        case (.dilator, let diameter?): return .dilator(diameterMillimetres: diameter)
        case (.dilator, nil): throw refused("a dilator needs its width in millimetres")
        case (_, _?): throw refused("only a dilator has a width")
        case (.mirror, nil): return .mirror
        case (.outsideTouch, nil): return .outsideTouch
        case (.fingertipAtEntrance, nil): return .fingertipAtEntrance
        case (.fingerToKnuckle, nil): return .fingerToKnuckle
        case (.tampon, nil): return .tampon
        case (.partnerFingertip, nil): return .partnerFingertip
        case (.custom, nil): return .custom
        }
    }
}
