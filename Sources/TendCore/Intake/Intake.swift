import Foundation

/// Kinds of penetration a person may have tried, from smallest to the medical examination.
public enum PenetrationType: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable {
    case tampon, cottonBud, finger, dilator, partner, medicalExam

    /// How Tend names it to a person.
    public var label: String {
        switch self {
        case .tampon: "A tampon"
        case .cottonBud: "A cotton bud"
        case .finger: "A finger (yours or a little finger)"
        case .dilator: "A dilator"
        case .partner: "A partner"
        case .medicalExam: "A medical examination (e.g. a smear test)"
        }
    }

    /// Small objects: strong pain even with these is a reason to see a professional.
    public var isSmall: Bool { self == .tampon || self == .cottonBud || self == .finger }
}

/// Whether any penetration is possible at the moment.
public enum Extent: String, Codable, Sendable, CaseIterable {
    /// Nothing can go in at all.
    case total
    /// Possible, but painful.
    case partial
    /// Not sure, or not tried.
    case unsure
}

/// Since when it has been this way.
public enum Onset: String, Codable, Sendable, CaseIterable {
    /// Always, since the first try.
    case always
    /// It began later.
    case later
    /// Not sure.
    case unsure
}

/// Anxiety and pain, each 0–10, for one kind of penetration; nil when not tried.
public struct Experience: Codable, Hashable, Sendable {
    /// How anxious it makes the person, 0–10; nil when not said.
    public var anxiety: Int?
    /// How painful it is, 0–10; nil when not said.
    public var pain: Int?

    /// An experience with both ratings, each 0–10 or nil.
    public init(anxiety: Int?, pain: Int?) {
        self.anxiety = anxiety
        self.pain = pain
    }

    /// The first rating outside 0–10, if any.
    var fieldOutOfRange: FieldKey? {
        firstProblem?.field.first
    }
}

extension Experience: Validatable {
    /// Anxiety and pain, when given, each 0–10.
    public func validate() throws(ValueProblem) {
        try Check.rating(anxiety, at: "anxiety", "anxiety")
        try Check.rating(pain, at: "pain", "pain")
    }

    /// Decodes and checks the ratings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        anxiety = try container.decodeIfPresent(Int.self, forKey: .anxiety)
        pain = try container.decodeIfPresent(Int.self, forKey: .pain)
        try validate(decodedBy: decoder)
    }
}

/// A short, kind self-assessment. Repeatable, so change shows over time.
public struct Intake: Codable, Hashable, Sendable {
    /// Whether anything can go in at the moment.
    public var extent: Extent
    /// Since when it has been this way.
    public var onset: Onset
    /// When it began, in the person's words (only when `onset` is `.later`).
    public var onsetDescription: String
    /// Situations where it happens, in the person's words or from the offered list.
    public var situations: [String]
    /// What may have contributed, in the person's words or as the labels of the offered `Contributor`s.
    public var contributors: [String]
    /// Anxiety and pain per kind of penetration tried.
    public var experiences: [PenetrationType: Experience]

    /// An intake from its answers; everything but extent and onset may be left out.
    public init(
        extent: Extent, onset: Onset, onsetDescription: String = "", situations: [String] = [], contributors: [String] = [],
        experiences: [PenetrationType: Experience] = [:]
    ) {
        self.extent = extent
        self.onset = onset
        self.onsetDescription = onsetDescription
        self.situations = situations
        self.contributors = contributors
        self.experiences = experiences
    }

    /// Longest answer about when it began, in characters.
    public static let onsetDescriptionLimit = 2_000
    /// Most situations, or contributors, kept.
    public static let listLimit = 30
    /// The longest a situation or contributor may be, in characters.
    public static let itemLimit = 200

    /// The offered contributors among the answers (answers in the person's own words are left out).
    public var tickedContributors: Set<Contributor> {
        Set(contributors.compactMap(Contributor.init(answer:)))
    }
}

extension Intake: Validatable {
    /// Every rating 0–10 and every text of sensible length.
    public func validate() throws(ValueProblem) {
        for kind in PenetrationType.allCases {
            guard let problem = experiences[kind]?.firstProblem else { continue }
            let field = ["experiences", FieldKey(stringValue: kind.rawValue)] + problem.field
            throw ValueProblem(field: field, sentence: problem.sentence)
        }
        try Check.length(onsetDescription, atMost: Self.onsetDescriptionLimit, at: "onsetDescription", "when it began")
        for (field, list) in [("situations", situations), ("contributors", contributors)] as [(FieldKey, [String])] {
            guard list.count <= Self.listLimit else {
                throw ValueProblem(field, sentence: "at most \(Self.listLimit) \(field.stringValue) are kept")
            }
            for (index, item) in list.enumerated() where item.count > Self.itemLimit {
                throw ValueProblem(
                    field, FieldKey(intValue: index), sentence: "each must be at most \(Self.itemLimit) characters long")
            }
        }
    }

    /// Decodes and checks every answer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        extent = try container.decode(Extent.self, forKey: .extent)
        onset = try container.decode(Onset.self, forKey: .onset)
        onsetDescription = try container.decode(String.self, forKey: .onsetDescription)
        situations = try container.decode([String].self, forKey: .situations)
        contributors = try container.decode([String].self, forKey: .contributors)
        experiences = try container.decode([PenetrationType: Experience].self, forKey: .experiences)
        try validate(decodedBy: decoder)
    }
}
