import Foundation

/// A live message between partners that does not move the session: the receiver guiding the
/// touch, or the giver gently proposing.
public enum Signal: Hashable, Codable, Sendable {
    /// Receiver: stay exactly where you are, without moving.
    case holdStill
    /// Receiver: lighter, please.
    case softer
    /// Receiver: a little more pressure is fine.
    case firmer
    /// Receiver: how it feels, 1 (barely there) to 5 (stop).
    case pain(Int)
    /// Giver: "ready for the next point?" The receiver accepts by moving on, or ignores it.
    case readyForNext

    /// Who may send it.
    public var sender: Participant {
        self == .readyForNext ? .giver : .receiver
    }

    /// Whether its values are in range.
    public var isValid: Bool {
        if case .pain(let level) = self { return (1...5).contains(level) }
        return true
    }
}

/// A signal as it happened, kept in order in the session's log.
public struct SignalRecord: Codable, Hashable, Sendable {
    public let signal: Signal
    public let by: Participant
    public let at: Date
    /// Where the session was when it was sent.
    public let position: Position?
}
