/// Something an intake can lead Tend to suggest. Never a diagnosis: a next step.
public enum Guidance: String, Codable, Sendable, CaseIterable {
    /// See a GP and a pelvic-health physiotherapist.
    case seeGPAndPhysiotherapist
    /// Begin with solo practice before partner sessions.
    case beginSolo
    /// Start with the first techniques (holding), without hurry toward the clock face.
    case startWithFirstTechniques
    /// Prepare for medical appointments so you can take charge of them.
    case prepareForAppointments
    /// Talk with a partner about what is happening, and agree signals.
    case talkWithPartner
}

/// When a rule applies.
public enum TriageCondition: Hashable, Sendable {
    /// The person says nothing can go in at all.
    case extentIs(Extent)
    /// Pain at or above `level` with any small object (tampon, cotton bud, finger).
    case painWithSmallObjectAtLeast(Int)
    /// Anxiety at or above `level` about a kind of penetration.
    case anxietyAtLeast(PenetrationType, Int)
    /// Pain at or above `level` with a partner, while pain alone (small objects) stays below it.
    case partnerOnlyPainAtLeast(Int)
    /// Any of the conditions.
    case any([TriageCondition])

    func holds(for intake: Intake) -> Bool {
        switch self {
        case .extentIs(let extent):
            return intake.extent == extent
        case .painWithSmallObjectAtLeast(let level):
            return intake.experiences.contains { $0.key.isSmall && ($0.value.pain ?? 0) >= level }
        case .anxietyAtLeast(let type, let level):
            return (intake.experiences[type]?.anxiety ?? 0) >= level
        case .partnerOnlyPainAtLeast(let level):
            let partnerPain = intake.experiences[.partner]?.pain ?? 0
            let smallPain = intake.experiences.filter { $0.key.isSmall }.compactMap(\.value.pain).max()
            return partnerPain >= level && smallPain.map { $0 < level } ?? false
        case .any(let conditions):
            return conditions.contains { $0.holds(for: intake) }
        }
    }
}

/// One rule: when a condition holds, suggest a step, for a stated reason.
public struct TriageRule: Hashable, Sendable {
    public let condition: TriageCondition
    public let guidance: Guidance
    /// Why, in plain words, addressed to the person.
    public let reason: String
}

/// A suggested next step and why it is suggested.
public struct Suggestion: Hashable, Sendable {
    public let guidance: Guidance
    public let reason: String
}

/// Turns an intake into gentle suggestions. The rules are data: read them top to bottom.
public enum Triage {
    /// Pain at or above this, even with something small, is a reason to see a professional.
    public static let severePain = 7
    /// Anxiety at or above this is worth preparing for.
    public static let highAnxiety = 7

    /// Every rule, most important first. A step suggested by several rules appears once, with
    /// the reason of the first.
    public static let rules: [TriageRule] = [
        TriageRule(
            condition: .extentIs(.total), guidance: .seeGPAndPhysiotherapist,
            reason: "You said nothing can go in at the moment. A GP and a pelvic-health physiotherapist can check that nothing else is going on, and can guide gentle, gradual steps alongside your practice here."),
        TriageRule(
            condition: .painWithSmallObjectAtLeast(severePain), guidance: .seeGPAndPhysiotherapist,
            reason: "Strong pain even with something small, like a tampon or a fingertip, deserves a proper look from a GP and a pelvic-health physiotherapist. You do not have to manage it alone."),
        TriageRule(
            condition: .any([.extentIs(.total), .painWithSmallObjectAtLeast(severePain)]), guidance: .beginSolo,
            reason: "Practising alone first lets you set every part of the pace, with no one else to think about."),
        TriageRule(
            condition: .any([.extentIs(.total), .painWithSmallObjectAtLeast(severePain)]), guidance: .startWithFirstTechniques,
            reason: "Begin with the warm-up and the still, full-hand holding. There is no hurry toward the clock face; staying with the first techniques for weeks is normal."),
        TriageRule(
            condition: .anxietyAtLeast(.medicalExam, highAnxiety), guidance: .prepareForAppointments,
            reason: "Examinations feel frightening to you. Preparing what to say and ask can put you in charge of the visit."),
        TriageRule(
            condition: .any([.partnerOnlyPainAtLeast(5), .anxietyAtLeast(.partner, highAnxiety)]), guidance: .talkWithPartner,
            reason: "It is harder with a partner than alone. Telling your partner what happens in your body, and agreeing signals, often lowers the tension by itself."),
    ]

    /// The suggestions for an intake, most important first; empty when none of the rules apply.
    public static func suggestions(for intake: Intake) -> [Suggestion] {
        var seen = Set<Guidance>()
        return rules.compactMap { rule in
            guard rule.condition.holds(for: intake), seen.insert(rule.guidance).inserted else { return nil }
            return Suggestion(guidance: rule.guidance, reason: rule.reason)
        }
    }
}
