import Foundation

/// One step on a person's ladder. Stable for the life of the step, so practices keep pointing at it
/// however the ladder is reordered or renamed.
public struct StepID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The identifier's text: a short name for a standard step, a UUID string for one added later.
    public let rawValue: String
    /// Wraps an identifier's text.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// One recorded practice of a step.
public struct StepPracticeID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The identifier's text, a UUID string.
    public let rawValue: String
    /// Wraps an identifier's text.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

extension Check {
    /// The longest identifier Tend keeps: room for a UUID and a readable prefix.
    static let identifierLimit = 64

    /// An identifier that is present, short, and printable on one line.
    static func identifier(_ text: String, at field: FieldKey, _ what: String) throws(ValueProblem) {
        guard text.isEmpty || text.count > identifierLimit || !isOneLine(text) else { return }
        throw ValueProblem(
            field, sentence: "\(what) must be 1 to \(identifierLimit) characters long, on one line")
    }

    /// Whether `text` has no line break, tab or other control character. Format characters, such as the
    /// joiners inside an emoji, are fine.
    static func isOneLine(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: false
            default: true
            }
        }
    }
}
