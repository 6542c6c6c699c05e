import Foundation

/// A value with rules its JSON shape cannot say, kept in one place: ``validate()``.
///
/// The engine and the forms check what they make by the same rules, and decoding refuses a stored
/// or imported value that breaks one, so no stored value can make Tend trap.
public protocol Validatable {
    /// Throws the first rule this value breaks, naming the field.
    func validate() throws(ValueProblem)
}

extension Validatable {
    /// The first rule this value breaks; nil when it keeps them all.
    public var firstProblem: ValueProblem? {
        do {
            try validate()
            return nil
        } catch {
            return error
        }
    }

    /// Whether this value keeps every rule.
    public var isValid: Bool { firstProblem == nil }

    /// Checks this value as the field `field` (at `index`, in a list) of a larger one, so a
    /// problem names the whole path.
    func validate(as field: FieldKey, at index: Int? = nil) throws(ValueProblem) {
        do {
            try validate()
        } catch {
            let outer = index.map { [field, FieldKey(intValue: $0)] } ?? [field]
            throw ValueProblem(field: outer + error.field, sentence: error.sentence)
        }
    }

    /// Refuses a value just decoded that breaks a rule, with an error whose coding path runs down
    /// to the field and whose description is the rule's sentence.
    func validate(decodedBy decoder: any Decoder) throws {
        guard let problem = firstProblem else { return }
        throw DecodingError.dataCorrupted(
            .init(
                codingPath: decoder.codingPath + problem.field.map { $0 as any CodingKey },
                debugDescription: problem.sentence))
    }
}

/// The limits many stored values share, each written once.
public enum ValueLimits {
    /// Every rating of tension, pain or anxiety: 0 (none) to 10 (worst imaginable).
    public static let rating = 0...10
    /// What any count may be: a version, "stay longer" taps, entries in a list.
    public static let count = 0...1_000_000
    /// What a stretch of time may last, in seconds: up to ten years.
    public static let seconds: ClosedRange<TimeInterval> = 0...315_576_000
    /// The moments a stored time may name: from the year 1 to the year 4001.
    public static let moments = Date.distantPast...Date.distantFuture
}

/// The shared checks, each throwing a sentence about `what` (e.g. "a pain rating").
enum Check {
    static func rating(_ value: Int?, at field: FieldKey, _ what: String) throws(ValueProblem) {
        guard let value, !ValueLimits.rating.contains(value) else { return }
        let range = ValueLimits.rating
        throw ValueProblem(field, sentence: "\(what) must be between \(range.lowerBound) and \(range.upperBound)")
    }

    static func count(_ value: Int, at field: FieldKey, _ what: String) throws(ValueProblem) {
        guard !ValueLimits.count.contains(value) else { return }
        throw ValueProblem(field, sentence: "\(what) must be between 0 and a million")
    }

    static func seconds(_ value: TimeInterval, at field: FieldKey, _ what: String) throws(ValueProblem) {
        // NaN is in no range, so it is refused here too.
        guard !ValueLimits.seconds.contains(value) else { return }
        throw ValueProblem(field, sentence: "\(what) must be a number of seconds between 0 and ten years")
    }

    static func moment(_ date: Date?, at field: FieldKey, _ what: String) throws(ValueProblem) {
        // Date's `<=` is derived from `<`, so a time that is not a number would pass the range alone.
        guard let date, !(date.timeIntervalSinceReferenceDate.isFinite && ValueLimits.moments.contains(date)) else {
            return
        }
        throw ValueProblem(field, sentence: "\(what) must be a time between the years 1 and 4001")
    }

    static func length(_ text: String, atMost limit: Int, at field: FieldKey, _ what: String) throws(ValueProblem) {
        guard text.count > limit else { return }
        throw ValueProblem(field, sentence: "\(what) must be at most \(limit) characters long")
    }
}
