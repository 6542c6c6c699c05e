/// How Tend answers pain, at once and calmly: ease off for some pain, stop for strong pain.
///
/// One rule for every place pain is told: a rating at a clock point (0–10), a partner's pain
/// signal (1–5) and a journal check-in (0–10 for each kind of penetration tried). Below the first
/// threshold nothing is said. The thresholds and why are in decision 016.
public enum PainAnswer: Int, Comparable, CaseIterable, Sendable {
    /// Some pain: lighten, slow down, or leave the point; resting and ending are offered first.
    case easeOff = 1
    /// Strong pain: stop the touch, withdraw slowly, rest.
    case stop = 2

    /// The lowest 0–10 rating answered with ``easeOff``: where "keep it under about 4" ends.
    public static let easeOffRating = 4
    /// The lowest 0–10 rating answered with ``stop``: where pain counts as severe (7–10).
    public static let stopRating = 7
    /// The lowest 1–5 signal answered with ``easeOff``: "uncomfortable" by default.
    public static let easeOffSignal = 3
    /// The 1–5 signal answered with ``stop``: the top of the scale means stop.
    public static let stopSignal = 5

    /// The answer to a 0–10 pain rating at a clock point; nil when none was given or it is low.
    public init?(rating pain: Int?) {
        guard let pain, pain >= Self.easeOffRating else { return nil }
        self = pain >= Self.stopRating ? .stop : .easeOff
    }

    /// The answer to a 1–5 pain signal; nil below ``easeOffSignal``.
    public init?(signal level: Int) {
        guard level >= Self.easeOffSignal else { return nil }
        self = level >= Self.stopSignal ? .stop : .easeOff
    }

    /// The answer to a journal check-in: to the strongest pain of any kind tried that day.
    public init?(checkIn: CheckIn) {
        self.init(rating: checkIn.tried.values.compactMap(\.pain).max())
    }

    /// Stronger answers compare greater.
    public static func < (lhs: PainAnswer, rhs: PainAnswer) -> Bool { lhs.rawValue < rhs.rawValue }

    /// What Tend says at once during a session, to `audience`.
    public func words(to audience: Participant) -> String {
        switch (self, audience) {
        case (.easeOff, .alone):
            "Ease off: lighten the pressure or take your finger away, and breathe out long. Leaving this point, "
                + "or ending for today, is a good choice."
        case (.easeOff, .receiver):
            "Ease off: let the touch lighten or lift away, and breathe out long. Leaving this point, or ending "
                + "for today, is a good choice."
        case (.easeOff, .giver):
            "Ease off: lighten your touch and hold still. Stay close, and let the receiver say what comes next."
        case (.stop, .alone):
            "Stop here. Slowly take your finger away, rest a warm hand on your belly, and breathe out long. "
                + "Ending for today is a good choice."
        case (.stop, .receiver):
            "Stop here. The touch withdraws slowly; rest and breathe out long. Ending for today is a good choice."
        case (.stop, .giver):
            "Stop and slowly withdraw; stay close. Offer warmth and ask for nothing."
        }
    }

    /// What Tend says after a journal check-in with this much pain, to the person who wrote it.
    public var checkInWords: String {
        switch self {
        case .easeOff:
            "That was painful. Practice works best kept under about 4 of 10, so a smaller step, or going back "
                + "one, is a good choice next time."
        case .stop:
            "That was a lot of pain. Rest today: pushing through pain teaches the body to tense more, so going "
                + "back a step next time is the kind choice. If pain lasts into the next day, or there is "
                + "bleeding or burning, please see a GP."
        }
    }
}
