import Foundation

/// Any JSON value, read without a Swift type in mind: for checking a body against the API's schema
/// and for naming the place in an export where something is wrong.
public indirect enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The value in `data`, or nil when it is not JSON (or holds a number no Swift type can).
    public static func read(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The first number no field of Tend's can hold (beyond ±2^53), if any: decoding can refuse
    /// such a number without saying where it was.
    public func firstUnusableNumber(at path: JSONPath = JSONPath()) -> JSONPath? {
        switch self {
        case .number(let number) where !number.isFinite || abs(number) > Double(Self.largestUsableNumber):
            return path
        case .integer(let number) where abs(number) > Self.largestUsableNumber:
            return path
        case .array(let items):
            return items.enumerated().lazy.compactMap { $1.firstUnusableNumber(at: path.appending($0)) }.first
        case .object(let object):
            return object.keys.sorted().lazy.compactMap { object[$0]?.firstUnusableNumber(at: path.appending($0)) }.first
        default:
            return nil
        }
    }

    /// The largest number any field of Tend's can hold exactly (2^53 − 1).
    public static let largestUsableNumber: Int64 = 9_007_199_254_740_991

    /// How a person would name this kind of value.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .integer, .number: "a number"
        case .string: "text"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

/// A place inside a JSON value, written as `reflection.emotions[2]`.
public struct JSONPath: CustomStringConvertible {
    /// The path as text; empty for the whole value.
    public private(set) var description = ""

    /// The whole value.
    public init() {}

    private init(description: String) {
        self.description = description
    }

    /// The path to a field of the object here.
    public func appending(_ key: String) -> JSONPath {
        JSONPath(description: description.isEmpty ? key : "\(description).\(key)")
    }

    /// The path to an element of the array here.
    public func appending(_ index: Int) -> JSONPath {
        JSONPath(description: "\(description)[\(index)]")
    }
}
