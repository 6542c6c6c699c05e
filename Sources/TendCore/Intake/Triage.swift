/// Something an intake can lead Tend to suggest. Never a diagnosis: a next step. The raw value is its stable id.
public enum Guidance: String, Codable, Sendable, CaseIterable {
    /// See a GP and a pelvic-health physiotherapist.
    case seeGPAndPhysiotherapist
    /// Have pain that began later checked: other causes are common and treatable.
    case checkOtherCauses
    /// A trauma-aware note: go gently, stop any time, help is there if wanted.
    case goGentlyAfterTrauma
    /// Begin with solo practice before partner sessions.
    case beginSolo
    /// Start with the first techniques (holding), without hurry toward the clock face.
    case startWithFirstTechniques
    /// Prepare for medical appointments so you can take charge of them.
    case prepareForAppointments
    /// Talk with a partner about what is happening, and agree signals.
    case talkWithPartner

    /// The heading shown for it, in plain words.
    public var title: String {
        switch self {
        case .seeGPAndPhysiotherapist: "See a GP and a pelvic-health physiotherapist"
        case .checkOtherCauses: "Have the pain checked"
        case .goGentlyAfterTrauma: "Go gently, at your own pace"
        case .beginSolo: "Begin on your own"
        case .startWithFirstTechniques: "Start with the first techniques"
        case .prepareForAppointments: "Prepare for appointments"
        case .talkWithPartner: "Talk with your partner"
        }
    }

    /// Slugs of library articles to link beside it, most useful first; may be empty.
    public var articles: [String] {
        switch self {
        case .seeGPAndPhysiotherapist: ["getting-help", "other-kinds-of-help"]
        case .checkOtherCauses: ["other-causes-of-pain"]
        case .goGentlyAfterTrauma: ["practising-after-trauma"]
        case .beginSolo: []
        case .startWithFirstTechniques: ["the-session"]
        case .prepareForAppointments: ["examinations-and-smear-tests"]
        case .talkWithPartner: ["talking-with-a-partner"]
        }
    }
}

/// When a rule applies.
public enum TriageCondition: Hashable, Sendable {
    /// The person's answer about whether anything can go in.
    case extentIs(Extent)
    /// The person's answer about since when.
    case onsetIs(Onset)
    /// Pain at or above the level with any of the given kinds of penetration.
    case painAtLeast(Int, with: Set<PenetrationType>)
    /// Anxiety at or above the level about a kind of penetration.
    case anxietyAtLeast(PenetrationType, Int)
    /// Pain at or above the level with a partner, while pain alone (small objects) stays below it.
    case partnerOnlyPainAtLeast(Int)
    /// An offered contributor is ticked.
    case ticked(Contributor)
    /// Any of the conditions.
    case any([TriageCondition])

    /// Whether the condition holds for the intake's answers.
    public func holds(for intake: Intake) -> Bool {
        switch self {
        case .extentIs(let extent):
            return intake.extent == extent
        case .onsetIs(let onset):
            return intake.onset == onset
        case .painAtLeast(let level, let kinds):
            return intake.experiences.contains { kinds.contains($0.key) && ($0.value.pain ?? 0) >= level }
        case .anxietyAtLeast(let type, let level):
            return (intake.experiences[type]?.anxiety ?? 0) >= level
        case .partnerOnlyPainAtLeast(let level):
            let partnerPain = intake.experiences[.partner]?.pain ?? 0
            let smallPain = intake.experiences.filter { $0.key.isSmall }.compactMap(\.value.pain).max()
            return partnerPain >= level && smallPain.map { $0 < level } ?? false
        case .ticked(let contributor):
            return intake.tickedContributors.contains(contributor)
        case .any(let conditions):
            return conditions.contains { $0.holds(for: intake) }
        }
    }
}

/// One rule: when a condition holds, suggest a step, for a stated reason.
public struct TriageRule: Hashable, Sendable {
    /// A stable name for the rule, used in docs/triage-rules.md and the tests.
    public let id: String
    /// When the rule applies.
    public let condition: TriageCondition
    /// The step it suggests.
    public let guidance: Guidance
    /// Why, in plain words, addressed to the person.
    public let reason: String
}

/// A suggested next step and why it is suggested.
public struct Suggestion: Hashable, Sendable, Identifiable {
    /// The step suggested.
    public let guidance: Guidance
    /// Why, in plain words, addressed to the person.
    public let reason: String

    /// A stable id for the step (the guidance's raw value), e.g. for an HTML id or a test.
    public var id: String { guidance.rawValue }
    /// The heading to show.
    public var title: String { guidance.title }
    /// Slugs of library articles to link beside it; may be empty.
    public var articles: [String] { guidance.articles }
}

/// Turns an intake into gentle suggestions. The rules are data (`Triage+Rules.swift`): read them top to bottom.
public enum Triage {
    /// The suggestions for an intake, most important first; empty when none of the rules apply. A step suggested by
    /// several rules appears once, with the reason of the first.
    public static func suggestions(for intake: Intake) -> [Suggestion] {
        suggestions(for: intake, rules: rules)
    }

    /// The suggestions a given rule table makes (tests take rules out one at a time).
    static func suggestions(for intake: Intake, rules: [TriageRule]) -> [Suggestion] {
        var seen = Set<Guidance>()
        return rules.compactMap { rule in
            guard rule.condition.holds(for: intake), seen.insert(rule.guidance).inserted else { return nil }
            return Suggestion(guidance: rule.guidance, reason: rule.reason)
        }
    }
}
