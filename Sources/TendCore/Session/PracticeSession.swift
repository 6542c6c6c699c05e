import Foundation

/// Whether a session is practised alone or with a partner holding a second device.
public enum SessionMode: String, Codable, Sendable, CaseIterable {
    /// One person, practising alone.
    case solo
    /// A receiver, who holds the controls, and a giver.
    case partner
}

/// Who sent an event.
public enum Participant: String, Codable, Sendable, CaseIterable {
    /// The person practising alone.
    case alone
    /// In a partner session, the person receiving touch. Only they move the session on.
    case receiver
    /// In a partner session, the person offering touch.
    case giver
}

/// How a session came to its close.
public enum Closing: String, Codable, Sendable {
    /// Every phase of the programme was walked through.
    case completed
    /// The person chose "enough for today".
    case enoughForToday
    /// Someone tapped "end".
    case ended
}

/// How tense and how painful a clock point felt, each 0 (none) to 10 (worst imaginable).
public struct PointRating: Codable, Hashable, Sendable {
    /// Muscle tension felt at the point, 0–10, if given.
    public let tension: Int?
    /// Pain felt at the point, 0–10, if given.
    public let pain: Int?
    /// When the rating was given.
    public let at: Date

    /// Creates a rating; ``validate()`` checks it, as the engine does.
    public init(tension: Int?, pain: Int?, at: Date) {
        self.tension = tension
        self.pain = pain
        self.at = at
    }
}

extension PointRating {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            tension: try container.decodeIfPresent(Int.self, forKey: .tension),
            pain: try container.decodeIfPresent(Int.self, forKey: .pain),
            at: try container.decode(Date.self, forKey: .at))
        try validate(decodedBy: decoder)
    }
}

/// Time spent at one position of a session.
public struct StepRecord: Codable, Hashable, Sendable {
    /// The position this record is about.
    public let position: Position
    /// When the session arrived here.
    public let enteredAt: Date
    /// When the session moved on; nil while it is the current step.
    public internal(set) var leftAt: Date?
    /// Active seconds already counted, excluding pauses and the running segment.
    public internal(set) var countedSeconds: TimeInterval
    /// Start of the running (unpaused) segment; nil while paused or after leaving.
    public internal(set) var runningSince: Date?
    /// How many times the person chose "stay longer" here.
    public internal(set) var extensions: Int
    /// Ratings given here, oldest first.
    public internal(set) var ratings: [PointRating]

    init(position: Position, at now: Date, running: Bool) {
        self.position = position
        self.enteredAt = now
        self.leftAt = nil
        self.countedSeconds = 0
        self.runningSince = running ? now : nil
        self.extensions = 0
        self.ratings = []
    }

    /// Active time spent here up to `now`, never counting pauses.
    public func activeSeconds(at now: Date) -> TimeInterval {
        guard let runningSince else { return countedSeconds }
        return countedSeconds + max(0, now.timeIntervalSince(runningSince))
    }

    mutating func stopRunning(at now: Date) {
        countedSeconds = activeSeconds(at: now)
        runningSince = nil
    }
}

extension StepRecord {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        position = try container.decode(Position.self, forKey: .position)
        enteredAt = try container.decode(Date.self, forKey: .enteredAt)
        leftAt = try container.decodeIfPresent(Date.self, forKey: .leftAt)
        countedSeconds = try container.decode(TimeInterval.self, forKey: .countedSeconds)
        runningSince = try container.decodeIfPresent(Date.self, forKey: .runningSince)
        extensions = try container.decode(Int.self, forKey: .extensions)
        ratings = try container.decode([PointRating].self, forKey: .ratings)
        try validate(decodedBy: decoder)
    }
}

/// A practice session: the state the ``SessionEngine`` moves from event to event.
public struct PracticeSession: Codable, Hashable, Sendable, Identifiable {
    /// The session's identifier.
    public let id: SessionID
    /// Whose session it is.
    public let owner: OwnerID
    /// Solo or partner.
    public let mode: SessionMode
    /// The programme this session follows.
    public let programID: String
    /// When the session was created.
    public let createdAt: Date
    /// When the latest accepted change happened.
    public internal(set) var updatedAt: Date
    /// Goes up by one with every accepted change; devices use it to notice what they missed.
    public internal(set) var version: Int
    /// The positions visited, in order; the last is the current one. Empty before the start.
    public internal(set) var steps: [StepRecord]
    /// When the current pause began; nil when not paused.
    public internal(set) var pausedAt: Date?
    /// Total seconds spent paused so far (not counting a pause still running).
    public internal(set) var pausedSeconds: TimeInterval
    /// How the session reached its close, once it has.
    public internal(set) var closing: Closing?
    /// What the person wrote at the close, if anything.
    public internal(set) var reflection: Reflection?
    /// Live signals between partners, in the order the server accepted them.
    public internal(set) var signals: [SignalRecord]

    /// A new session that has not started.
    public init(id: SessionID, owner: OwnerID, mode: SessionMode, programID: String, createdAt: Date) {
        self.id = id
        self.owner = owner
        self.mode = mode
        self.programID = programID
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.version = 0
        self.steps = []
        self.pausedAt = nil
        self.pausedSeconds = 0
        self.closing = nil
        self.reflection = nil
        self.signals = []
    }

    /// The current position; nil before the start.
    public var position: Position? { steps.last?.position }

    /// Whether the session has begun.
    public var hasStarted: Bool { !steps.isEmpty }

    /// Whether the session is over.
    public var isFinished: Bool { position == .finished }

    /// Whether the session is paused.
    public var isPaused: Bool { pausedAt != nil }

    /// When the first step began.
    public var startedAt: Date? { steps.first?.enteredAt }

    /// Active time spent in a phase up to `now`, excluding pauses.
    public func activeSeconds(in phase: Phase, at now: Date) -> TimeInterval {
        steps.filter { $0.position.phase == phase }.reduce(0) { $0 + $1.activeSeconds(at: now) }
    }

    /// Active time across the whole session up to `now`, excluding pauses.
    public func activeSeconds(at now: Date) -> TimeInterval {
        steps.reduce(0) { $0 + $1.activeSeconds(at: now) }
    }
}

extension PracticeSession {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(SessionID.self, forKey: .id)
        owner = try container.decode(OwnerID.self, forKey: .owner)
        mode = try container.decode(SessionMode.self, forKey: .mode)
        programID = try container.decode(String.self, forKey: .programID)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
        version = try container.decode(Int.self, forKey: .version)
        steps = try container.decode([StepRecord].self, forKey: .steps)
        pausedAt = try container.decodeIfPresent(Date.self, forKey: .pausedAt)
        pausedSeconds = try container.decode(TimeInterval.self, forKey: .pausedSeconds)
        closing = try container.decodeIfPresent(Closing.self, forKey: .closing)
        reflection = try container.decodeIfPresent(Reflection.self, forKey: .reflection)
        signals = try container.decode([SignalRecord].self, forKey: .signals)
        try validate(decodedBy: decoder)
    }
}
