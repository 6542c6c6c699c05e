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
        // A time that is not a finite number, or an interval Tend would not offer, gives no cue.
        guard let intervalMinutes, Self.allowedMinutes.contains(intervalMinutes), now.isFinite, now > previous else {
            return nil
        }
        let interval = Double(intervalMinutes * 60)
        let count = (now / interval).rounded(.down)
        guard count >= 1, count * interval > previous else { return nil }
        let phrase = (count - 1).truncatingRemainder(dividingBy: Double(Self.phrases.count))
        return Self.phrases[Int(phrase)]
    }
}

extension JawCues: Validatable {
    /// The same rule as choosing reminders.
    public func validate() throws(ValueProblem) {
        do {
            _ = try JawCues(everyMinutes: intervalMinutes)
        } catch {
            throw ValueProblem("intervalMinutes", sentence: error.message)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        intervalMinutes = try container.decodeIfPresent(Int.self, forKey: .intervalMinutes)
        try validate(decodedBy: decoder)
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
