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
    public var anxiety: Int?
    public var pain: Int?

    public init(anxiety: Int?, pain: Int?) {
        self.anxiety = anxiety
        self.pain = pain
    }
}

/// A short, kind self-assessment. Repeatable, so change shows over time.
public struct Intake: Codable, Hashable, Sendable {
    public var extent: Extent
    public var onset: Onset
    /// When it began, in the person's words (only when `onset` is `.later`).
    public var onsetDescription: String
    /// Situations where it happens, in the person's words or from the offered list.
    public var situations: [String]
    /// What may have contributed, in the person's words or from the offered list.
    public var contributors: [String]
    /// Anxiety and pain per kind of penetration tried.
    public var experiences: [PenetrationType: Experience]

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

    /// Whether every rating is between 0 and 10 and every text is of sensible length.
    public var isValid: Bool {
        experiences.values.allSatisfy { experience in
            [experience.anxiety, experience.pain].allSatisfy { $0.map { (0...10).contains($0) } ?? true }
        } && onsetDescription.count <= 2_000 && (situations + contributors).allSatisfy { $0.count <= 200 }
            && situations.count <= 30 && contributors.count <= 30
    }
}
