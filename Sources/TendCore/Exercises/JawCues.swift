/// Gentle reminders to soften the jaw, mouth and throat during a session. Off unless chosen.
public struct JawCues: Codable, Hashable, Sendable {
    /// Minutes between reminders; nil means off (the default).
    public let intervalMinutes: Int?

    /// The shortest and longest intervals offered.
    public static let allowedMinutes = 2...30
    /// No reminders.
    public static let off = JawCues(unchecked: nil)

    private init(unchecked minutes: Int?) {
        intervalMinutes = minutes
    }

    /// Reminders every `minutes`, or off when nil.
    public init(everyMinutes minutes: Int?) throws(JawCueProblem) {
        if let minutes, !Self.allowedMinutes.contains(minutes) { throw .intervalOutOfRange }
        self.init(unchecked: minutes)
    }

    /// The reminders in turn; each is short enough to read at a glance or hear spoken.
    public static let phrases = [
        "Let a small gap open between your back teeth.",
        "Soften your tongue; let it rest low in your mouth.",
        "Let the base of your skull feel heavy.",
        "Let your throat be wide, as if about to yawn.",
        "You can hold or stroke your jaw if that helps.",
    ]

    /// The reminder due at this many active seconds into a session, if one is due in the
    /// window `(after, upTo]`: at most one per call, never catching up on missed ones.
    public func cue(after previous: Double, upTo now: Double) -> String? {
        guard let intervalMinutes, now > previous else { return nil }
        let interval = Double(intervalMinutes * 60)
        let index = Int((now / interval).rounded(.down))
        guard index >= 1, Double(index) * interval > previous else { return nil }
        return Self.phrases[(index - 1) % Self.phrases.count]
    }
}

/// Why a reminder interval was not accepted.
public enum JawCueProblem: Error, Hashable, Sendable {
    case intervalOutOfRange

    /// The sentence to show.
    public var message: String {
        "Choose a reminder every \(JawCues.allowedMinutes.lowerBound) to \(JawCues.allowedMinutes.upperBound) minutes, or turn reminders off."
    }
}
