/// A point on the clock face, named by its hour. Six o'clock points toward the back (the anus).
public struct ClockPoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The hour, 1 to 12.
    public let hour: Int

    /// Creates a point, or returns nil when `hour` is not between 1 and 12.
    public init?(hour: Int) {
        guard (1...12).contains(hour) else { return nil }
        self.hour = hour
    }

    public static func < (lhs: ClockPoint, rhs: ClockPoint) -> Bool { lhs.hour < rhs.hour }

    public var description: String { "\(hour) o'clock" }
}

extension ClockPoint: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let hour = try container.decode(Int.self)
        guard let point = ClockPoint(hour: hour) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(hour) is not a clock hour (1–12)")
        }
        self = point
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hour)
    }
}
