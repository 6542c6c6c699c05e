/// One depth of the clock-face technique, with the sequence of points practised there.
public struct Gate: Codable, Hashable, Sendable {
    /// 1 for the shallowest gate, counting up.
    public let number: Int
    /// How deep this gate is, in plain words ("no deeper than half the fingernail").
    public let depth: String
    /// The points in the order they are visited at this gate.
    public let sequence: [ClockPoint]

    /// Creates a gate.
    public init(number: Int, depth: String, sequence: [ClockPoint]) {
        self.number = number
        self.depth = depth
        self.sequence = sequence
    }
}
