/// A few words written at the close of a session. Private, sealed at rest, shown only as plain text.
public struct Reflection: Codable, Hashable, Sendable {
    /// Longest note accepted, in characters.
    public static let maximumLength = 10_000

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

    /// Whether every part is within the length limit.
    var fitsLimits: Bool {
        howItFelt.count <= Self.maximumLength && note.count <= Self.maximumLength
            && emotions.count <= 50 && emotions.allSatisfy { $0.count <= 100 }
    }
}
