/// A rule a stored or imported value breaks: which field, and what is wrong, in a plain sentence.
public struct ValueProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field, from the value inward: `steps`, `2`, `leftAt`.
    public let field: [FieldKey]
    /// What is wrong, e.g. "a pain rating must be between 0 and 10".
    public let sentence: String

    /// A problem with the field at `field` (empty for the value as a whole).
    public init(_ field: FieldKey..., sentence: String) {
        self.init(field: field, sentence: sentence)
    }

    init(field: [FieldKey], sentence: String) {
        self.field = field
        self.sentence = sentence
    }

    /// The same problem, seen from a value that holds this one at `outer`.
    func inside(_ outer: FieldKey...) -> ValueProblem {
        ValueProblem(field: outer + field, sentence: sentence)
    }

    /// The field as a path, like `steps[2].leftAt`.
    public var path: String {
        field.reduce(into: "") { path, key in
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
    }

    public var description: String { path.isEmpty ? sentence : "\(path): \(sentence)" }
}

/// One step of a field's path: a property's name, or a place in a list.
public struct FieldKey: CodingKey, Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    // A place's text is made only when asked for: keys are made on every check, read only on a problem.
    private let name: String?
    public let intValue: Int?

    public var stringValue: String { name ?? intValue.map(String.init) ?? "" }

    public init(stringValue: String) {
        self.name = stringValue
        self.intValue = nil
    }

    public init(intValue: Int) {
        self.name = nil
        self.intValue = intValue
    }

    public init(stringLiteral name: String) { self.init(stringValue: name) }
    public init(integerLiteral index: Int) { self.init(intValue: index) }
}
