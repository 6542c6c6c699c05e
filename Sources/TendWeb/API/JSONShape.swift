import Foundation

/// Checks JSON before it is decoded, for what decoding would let through or could not name: `null`
/// where a field should simply be left out, and numbers no field of Tend's can hold.
enum JSONShape {
    /// The largest number any field takes (counts and versions go to a million, seconds to ten years).
    static let largestNumber = 9_007_199_254_740_991.0

    /// One problem: where, and what is wrong there.
    struct Problem: Equatable {
        /// e.g. `reflection.note`, or `sessions[2].version`; empty for the document itself.
        let path: String
        /// e.g. "is null".
        let what: String

        /// A sentence naming the field, for an API answer.
        var message: String {
            path.isEmpty ? "The body \(what)." : "The field \(path) \(what)."
        }
    }

    /// The first problem, or nil when there is none (or the data is not JSON at all, which decoding
    /// then reports).
    static func problem(in data: Data) -> Problem? {
        guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        return problem(in: value, at: "")
    }

    private static func problem(in value: Any, at path: String) -> Problem? {
        switch value {
        case is NSNull:
            return Problem(path: path, what: "is null; leave it out instead")
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let problem = problem(in: object[key] as Any, at: path.isEmpty ? key : "\(path).\(key)") { return problem }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let problem = problem(in: element, at: "\(path)[\(index)]") { return problem }
            }
            return nil
        case let number as NSNumber:
            let double = number.doubleValue
            return double.isFinite && abs(double) <= largestNumber ? nil : Problem(path: path, what: "holds a number larger than Tend accepts")
        default:
            return nil
        }
    }
}
