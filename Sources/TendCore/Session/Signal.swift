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
    /// Giver: "ready for the next point?", only where the agreement asks for it. The receiver
    /// accepts by moving on, or ignores it.
    case readyForNext
    /// Giver: "I'm here, no hurry." Presence, never a prompt.
    case here

    /// Who may send it.
    public var sender: Participant {
        self == .readyForNext || self == .here ? .giver : .receiver
    }

    /// The pain level, for a pain signal.
    public var painLevel: Int? {
        if case .pain(let level) = self { level } else { nil }
    }

    /// The levels of a pain signal: 1 (barely there) to 5 (stop).
    public static let painLevels = 1...5

    /// Whether its values are in range.
    public var isValid: Bool {
        painLevel.map { Self.painLevels.contains($0) } ?? true
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

extension SignalRecord: Validatable {
    /// A level in range, at a real time.
    public func validate() throws(ValueProblem) {
        guard signal.isValid else {
            let levels = Signal.painLevels
            throw ValueProblem(
                "signal", sentence: "a pain signal must be between \(levels.lowerBound) and \(levels.upperBound)")
        }
        try Check.moment(at, at: "at", "the time of a signal")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        signal = try container.decode(Signal.self, forKey: .signal)
        by = try container.decode(Participant.self, forKey: .by)
        at = try container.decode(Date.self, forKey: .at)
        position = try container.decodeIfPresent(Position.self, forKey: .position)
        try validate(decodedBy: decoder)
    }
}

/// A signal as the store keeps it: apart from its session, in an append-only log, so that each new
/// signal costs one small write instead of re-saving the whole session.
public struct LoggedSignal: Codable, Hashable, Sendable {
    /// Its place in the session's signal order, from 0.
    public let index: Int
    /// The session's version when it was saved.
    public let version: Int
    /// The signal itself.
    public let record: SignalRecord

    public init(index: Int, version: Int, record: SignalRecord) {
        self.index = index
        self.version = version
        self.record = record
    }
}

extension LoggedSignal: Validatable {
    /// A place and a version Tend could have counted to, and a valid signal.
    public func validate() throws(ValueProblem) {
        try Check.count(index, at: "index", "a signal's place in the log")
        try Check.count(version, at: "version", "a session's version")
        try record.validate(as: "record")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(Int.self, forKey: .index)
        version = try container.decode(Int.self, forKey: .version)
        record = try container.decode(SignalRecord.self, forKey: .record)
        try validate(decodedBy: decoder)
    }
}

extension PracticeSession {
    /// Everything but the signal log, which is stored apart.
    public var withoutSignals: PracticeSession {
        var copy = self
        copy.signals = []
        return copy
    }

    /// The signals from `index` on, as log entries carrying this session's version.
    public func loggedSignals(from index: Int) -> [LoggedSignal] {
        signals.indices.dropFirst(max(0, index)).map { LoggedSignal(index: $0, version: version, record: signals[$0]) }
    }

    /// The session with signals kept apart brought back, in order. A saved session whose latest
    /// changes were only signals takes its version and time from the newest of them.
    public func rejoining(_ logged: [LoggedSignal]) -> PracticeSession {
        var joined = self
        for entry in logged.sorted(by: { $0.index < $1.index }) where entry.index == joined.signals.count {
            joined.signals.append(entry.record)
            joined.version = max(joined.version, entry.version)
            joined.updatedAt = max(joined.updatedAt, entry.record.at)
        }
        return joined
    }
}
