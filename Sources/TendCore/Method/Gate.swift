/// One depth of the clock-face technique, with the sequence of points practised there.
public struct Gate: Codable, Hashable, Sendable {
    /// 1 for the shallowest gate, counting up.
    public let number: Int
    /// How deep this gate is, in plain words ("no deeper than half the fingernail bed").
    public let depth: String
    /// The points in the order they are visited at this gate.
    public let sequence: [ClockPoint]

    /// Creates a gate.
    public init(number: Int, depth: String, sequence: [ClockPoint]) {
        self.number = number
        self.depth = depth
        self.sequence = sequence
    }

    /// Each point of the sequence once, in the order first visited (a gate may come back to one).
    public var points: [ClockPoint] {
        sequence.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
