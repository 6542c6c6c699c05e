import Foundation

/// The person's own pace for graded practice: the numbers a practice stays at or under to count as
/// manageable, how many such practices in a row make a step "ready when you are", and a gentle rhythm.
///
/// The defaults follow common clinic advice: discomfort kept low (about under 4 of 10), sessions of
/// about 10 to 15 minutes, practice about every second day. Every number is a suggestion the person
/// may change; none of them is a target, a deadline or a count of days.
public struct StepThresholds: Codable, Hashable, Sendable {
    /// The highest pain limit a person may choose: pain above it is always answered (decision 016), so
    /// a practice that hurt that much can never count towards moving on.
    public static let painLimit = PainAnswer.easeOffRating - 1
    /// How many practices in a row may be asked for.
    public static let practiceCounts = 1...10
    /// What a suggested length may be, in minutes.
    public static let minuteRange = 1...60
    /// How many days apart practice may be suggested.
    public static let dayGaps = 1...14

    /// Anxiety after a practice, 0–10, at or under which it counts as manageable.
    public var anxiety: Int
    /// Pain after a practice, 0–``painLimit``, at or under which it counts as manageable; above it,
    /// Tend suggests a gentler step.
    public var pain: Int
    /// How many of a step's latest practices must all have been manageable for it to be ready.
    public var practicesNeeded: Int
    /// The shorter end of the suggested length of a practice, in minutes.
    public var shortestMinutes: Int
    /// The longer end of the suggested length of a practice, in minutes. The timer never enforces it.
    public var longestMinutes: Int
    /// About how many days apart practice is suggested; resting longer is always fine.
    public var everyDays: Int

    /// The person's pace; with no arguments, the usual clinic advice.
    public init(
        anxiety: Int = 3, pain: Int = 3, practicesNeeded: Int = 3, shortestMinutes: Int = 10,
        longestMinutes: Int = 15, everyDays: Int = 2
    ) {
        self.anxiety = anxiety
        self.pain = pain
        self.practicesNeeded = practicesNeeded
        self.shortestMinutes = shortestMinutes
        self.longestMinutes = longestMinutes
        self.everyDays = everyDays
    }

    /// The usual clinic advice.
    public static let standard = StepThresholds()

    /// The suggested length of a practice, in minutes (a single minute count when the ends are given
    /// the wrong way round, so reading it never traps).
    public var suggestedMinutes: ClosedRange<Int> {
        min(shortestMinutes, longestMinutes)...max(shortestMinutes, longestMinutes)
    }

    /// The rhythm in one plain sentence, for the practice page.
    public var rhythmWords: String {
        let length =
            shortestMinutes == longestMinutes
            ? "about \(shortestMinutes) minutes" : "about \(shortestMinutes) to \(longestMinutes) minutes"
        let often =
            switch everyDays {
            case 1: "on any day you like"
            case 2: "about every second day"
            default: "about every \(everyDays) days"
            }
        return "A suggestion only: \(length), \(often). The timer never ends a practice, and resting longer "
            + "between practices is part of it too."
    }
}

extension StepThresholds: Validatable {
    /// Limits a person can choose from the settings page, each said so they can fix it.
    public func validate() throws(ValueProblem) {
        try Check.rating(anxiety, at: "anxiety", "The anxiety limit")
        guard (0...Self.painLimit).contains(pain) else {
            throw ValueProblem(
                "pain",
                sentence: "The pain limit goes from 0 to \(Self.painLimit): pain of \(Self.painLimit + 1) or more "
                    + "is always a sign to go gently, never a step towards moving on.")
        }
        guard Self.practiceCounts.contains(practicesNeeded) else {
            throw ValueProblem(
                "practicesNeeded",
                sentence: "Please choose between \(Self.practiceCounts.lowerBound) and "
                    + "\(Self.practiceCounts.upperBound) practices.")
        }
        let minutes = "A suggested length is between \(Self.minuteRange.lowerBound) and "
            + "\(Self.minuteRange.upperBound) minutes."
        guard Self.minuteRange.contains(shortestMinutes) else {
            throw ValueProblem("shortestMinutes", sentence: minutes)
        }
        guard Self.minuteRange.contains(longestMinutes) else {
            throw ValueProblem("longestMinutes", sentence: minutes)
        }
        guard shortestMinutes <= longestMinutes else {
            throw ValueProblem("longestMinutes", sentence: "The longer end cannot be shorter than the shorter end.")
        }
        guard Self.dayGaps.contains(everyDays) else {
            throw ValueProblem(
                "everyDays",
                sentence: "Practice can be suggested every \(Self.dayGaps.lowerBound) to "
                    + "\(Self.dayGaps.upperBound) days.")
        }
    }

    /// Reads the person's pace, refusing a limit Tend would not offer with the field named.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        anxiety = try container.decode(Int.self, forKey: .anxiety)
        pain = try container.decode(Int.self, forKey: .pain)
        practicesNeeded = try container.decode(Int.self, forKey: .practicesNeeded)
        shortestMinutes = try container.decode(Int.self, forKey: .shortestMinutes)
        longestMinutes = try container.decode(Int.self, forKey: .longestMinutes)
        everyDays = try container.decode(Int.self, forKey: .everyDays)
        try validate(decodedBy: decoder)
    }
}
