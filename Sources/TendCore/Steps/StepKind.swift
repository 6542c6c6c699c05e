import Foundation

/// What a step on the ladder is: one of the usual small steps of graded practice, a dilator of a
/// given width from the person's own set, or a step the person named themselves.
public enum StepKind: Hashable, Sendable {
    /// Looking, with a hand mirror; no touch at all.
    case mirror
    /// Touch on the outside only.
    case outsideTouch
    /// A fingertip resting over the entrance, not going in.
    case fingertipAtEntrance
    /// A finger, going in no further than the first knuckle.
    case fingerToKnuckle
    /// The slimmest tampon.
    case tampon
    /// A dilator from the person's own set, by its width across in millimetres.
    case dilator(diameterMillimetres: Int)
    /// A partner's fingertip at the entrance, with the person practising in charge.
    case partnerFingertip
    /// A step the person added and named.
    case custom

    /// The usual steps, in the order the default ladder offers them (dilators go before the partner's step).
    public static let usual: [StepKind] = [.mirror, .outsideTouch, .fingertipAtEntrance, .fingerToKnuckle, .tampon]

    /// The widths a dilator may have, in millimetres: slimmer than any sold set to wider than any.
    public static let diameters = 5...60

    /// The kind without its width: how it is written in JSON.
    public var name: Name {
        switch self {
        case .mirror: .mirror
        case .outsideTouch: .outsideTouch
        case .fingertipAtEntrance: .fingertipAtEntrance
        case .fingerToKnuckle: .fingerToKnuckle
        case .tampon: .tampon
        case .dilator: .dilator
        case .partnerFingertip: .partnerFingertip
        case .custom: .custom
        }
    }

    /// Whether a ladder may hold only one step of this kind: every kind but dilators and the person's own.
    public var isOnePerLadder: Bool { name != .dilator && name != .custom }

    /// Whether the person may take the step off the ladder entirely. Their own steps and dilators
    /// (their set is theirs to record) may go; the usual steps are hidden instead, so they can come back.
    public var isRemovable: Bool { !isOnePerLadder }

    /// A kind's name without its width, as written in JSON.
    public enum Name: String, Codable, Sendable, CaseIterable {
        case mirror, outsideTouch, fingertipAtEntrance, fingerToKnuckle, tampon, dilator, partnerFingertip, custom
    }
}

// MARK: - Words

extension StepKind {
    /// The title a new step of this kind starts with; the person may rename it.
    public var defaultTitle: String {
        switch self {
        case .mirror: "Looking, with a mirror"
        case .outsideTouch: "Touching the outside"
        case .fingertipAtEntrance: "A fingertip at the entrance"
        case .fingerToKnuckle: "A finger to the first knuckle"
        case .tampon: "A slim tampon"
        case .dilator(let diameter): "Dilator, \(diameter) mm"
        case .partnerFingertip: "A partner's fingertip at the entrance"
        case .custom: "A step of my own"
        }
    }

    /// One plain line on what the step is, shown under its title.
    public var summary: String {
        switch self {
        case .mirror:
            "Getting to know how you look, with a hand mirror and good light. No touch at all."
        case .outsideTouch:
            "A warm hand or fingertips resting on the outer lips and around the opening, on the outside only."
        case .fingertipAtEntrance:
            "A fingertip resting lightly over the opening, not going in, while the muscles learn nothing bad happens."
        case .fingerToKnuckle:
            "Your own finger, with lubricant, easing in no further than the first knuckle and resting there."
        case .tampon:
            "The slimmest tampon, with a little water-based lubricant on the tip, in and out again slowly."
        case .dilator(let diameter):
            "A dilator \(diameter) millimetres across, with water-based lubricant, in only as far as is comfortable."
        case .partnerFingertip:
            "A partner's fingertip resting over the opening, with you deciding when, how much and when to stop."
        case .custom:
            "A step you added and named yourself."
        }
    }
}
