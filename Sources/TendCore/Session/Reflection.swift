/// A few words written at the close of a session. Private, sealed at rest, shown only as plain text.
public struct Reflection: Codable, Hashable, Sendable {
    /// Longest note accepted, in characters.
    public static let maximumLength = 10_000
    /// Most feelings kept.
    public static let maximumEmotions = 50
    /// Longest feeling accepted, in characters.
    public static let maximumEmotionLength = 100

    /// How the session felt, in the person's words.
    public let howItFelt: String
    /// Feelings that came up, each a word or two.
    public let emotions: [String]
    /// Anything else worth remembering.
    public let note: String

    /// Creates a reflection.
    public init(howItFelt: String = "", emotions: [String] = [], note: String = "") {
        self.howItFelt = howItFelt
        self.emotions = emotions
        self.note = note
    }
}

extension Reflection: Validatable {
    /// Every part within the lengths Tend keeps.
    public func validate() throws(ValueProblem) {
        try Check.length(howItFelt, atMost: Self.maximumLength, at: "howItFelt", "how it felt")
        try Check.length(note, atMost: Self.maximumLength, at: "note", "a note")
        guard emotions.count <= Self.maximumEmotions else {
            throw ValueProblem("emotions", sentence: "a reflection keeps at most \(Self.maximumEmotions) feelings")
        }
        for (index, emotion) in emotions.enumerated() where emotion.count > Self.maximumEmotionLength {
            throw ValueProblem(
                "emotions", FieldKey(intValue: index),
                sentence: "a feeling must be at most \(Self.maximumEmotionLength) characters long")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        howItFelt = try container.decode(String.self, forKey: .howItFelt)
        emotions = try container.decode([String].self, forKey: .emotions)
        note = try container.decode(String.self, forKey: .note)
        try validate(decodedBy: decoder)
    }
}
