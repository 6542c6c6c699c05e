import Foundation

/// How a day's mood was, in plain words.
public enum Mood: String, Codable, Sendable, CaseIterable {
    case low, uneasy, steady, content, bright

    public var label: String {
        switch self {
        case .low: "Low"
        case .uneasy: "Uneasy"
        case .steady: "Steady"
        case .content: "Content"
        case .bright: "Bright"
        }
    }
}

/// A daily check-in: how the day went, in as much or as little detail as the person likes.
/// Every part is optional; there is at most one check-in a day.
public struct CheckIn: Codable, Hashable, Sendable {
    /// Longest note kept.
    public static let noteLimit = 4_000

    public var day: Day
    /// How tense the body feels today, 0 (at ease) to 10 (very tense).
    public var bodyTension: Int?
    public var mood: Mood?
    /// Anxiety and pain, each 0–10, for each kind of penetration tried that day.
    public var tried: [PenetrationType: Experience]
    /// Anything else, in the person's own words.
    public var note: String

    public init(day: Day, bodyTension: Int? = nil, mood: Mood? = nil, tried: [PenetrationType: Experience] = [:], note: String = "") {
        self.day = day
        self.bodyTension = bodyTension
        self.mood = mood
        self.tried = tried
        self.note = note
    }

    /// The first thing wrong with it, said so a person can fix it; nil when it is fine.
    public var problem: String? { firstProblem?.sentence }
}

extension CheckIn: Validatable {
    /// Ratings 0–10 and a note Tend keeps, each said so a person can fix it.
    public func validate() throws(ValueProblem) {
        if let bodyTension, !ValueLimits.rating.contains(bodyTension) {
            throw ValueProblem("bodyTension", sentence: "How tense the body feels goes from 0 to 10.")
        }
        for kind in PenetrationType.allCases {
            guard let experience = tried[kind], let field = experience.fieldOutOfRange else { continue }
            throw ValueProblem(
                "tried", FieldKey(stringValue: kind.rawValue), field,
                sentence: "Anxiety and pain for \(kind.label.lowercased()) go from 0 to 10.")
        }
        if note.count > Self.noteLimit {
            throw ValueProblem(
                "note", sentence: "The note is longer than \(Self.noteLimit) characters; please shorten it.")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        day = try container.decode(Day.self, forKey: .day)
        bodyTension = try container.decodeIfPresent(Int.self, forKey: .bodyTension)
        mood = try container.decodeIfPresent(Mood.self, forKey: .mood)
        tried = try container.decode([PenetrationType: Experience].self, forKey: .tried)
        note = try container.decode(String.self, forKey: .note)
        try validate(decodedBy: decoder)
    }
}
