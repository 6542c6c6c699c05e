import Foundation

/// The person (or household space) that owns records. Every stored record has one.
public struct OwnerID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The identifier's text, a UUID string.
    public let rawValue: String
    /// Wraps an identifier's text.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// One practice session.
public struct SessionID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The identifier's text, a UUID string.
    public let rawValue: String
    /// Wraps an identifier's text.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Makes fresh identifiers. Injected so tests can be deterministic.
public struct IdentifierSource: Sendable {
    private let make: @Sendable () -> String

    /// Creates a source from a function returning a new unique string each call.
    public init(_ make: @escaping @Sendable () -> String) { self.make = make }

    /// Random UUIDs: the production source.
    public static let random = IdentifierSource { UUID().uuidString.lowercased() }

    /// A fresh identifier's text.
    public func next() -> String { make() }
}

/// Tells the time. Injected so tests can be deterministic.
public struct TendClock: Sendable {
    private let read: @Sendable () -> Date

    /// Creates a clock from a function returning the current time.
    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    /// The system clock: the production source.
    public static let system = TendClock { Date() }

    /// The current time.
    public func now() -> Date { read() }
}
