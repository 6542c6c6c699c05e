import Foundation

/// The few numbers lists and progress need from one session: when it was, how far it went, and
/// how each clock point felt. Stored sealed beside the session, so ten years of practice can be
/// summed up without opening every whole session (decision 010).
public struct SessionDigest: Codable, Hashable, Sendable {
    /// One clock point walked through.
    public struct Visit: Hashable, Sendable {
        public let gate: Int
        /// The point's place in its gate's sequence; the programme says which hour it is.
        public let step: Int
        public let enteredAt: Date
        /// The last tension rated there, 0–10.
        public let tension: Int?
        /// The last pain rated there, 0–10.
        public let pain: Int?
        /// Active seconds spent there before moving on: how long it took to release.
        public let seconds: TimeInterval

        public init(gate: Int, step: Int, enteredAt: Date, tension: Int?, pain: Int?, seconds: TimeInterval) {
            self.gate = gate
            self.step = step
            self.enteredAt = enteredAt
            self.tension = tension
            self.pain = pain
            self.seconds = seconds
        }
    }

    /// The shape this code writes. A stored digest of another shape is made again from its session;
    /// change this whenever what a digest holds, or how it is worked out, changes.
    public static let currentShape = 2

    public let shape: Int
    public let id: SessionID
    /// The programme the session followed: the method's, or a step practised with a partner.
    public let programID: String
    public let createdAt: Date
    /// When the first step began; nil if the session never started.
    public let startedAt: Date?
    public let closing: Closing?
    public let isFinished: Bool
    /// Active time across the session, pauses left out.
    public let activeSeconds: TimeInterval
    /// Every clock point walked through, in order.
    public let visits: [Visit]

    /// The digest of a session as it is now; a point still running counts up to `updatedAt`.
    public init(_ session: PracticeSession) {
        shape = Self.currentShape
        id = session.id
        programID = session.programID
        createdAt = session.createdAt
        startedAt = session.startedAt
        closing = session.closing
        isFinished = session.isFinished
        activeSeconds = session.activeSeconds(at: session.updatedAt)
        visits = session.steps.compactMap { step in
            guard case .point(let gate, let index) = step.position else { return nil }
            let rating = step.ratings.last
            return Visit(
                gate: gate, step: index, enteredAt: step.enteredAt, tension: rating?.tension, pain: rating?.pain,
                seconds: step.activeSeconds(at: step.leftAt ?? session.updatedAt))
        }
    }

    /// The gate of every clock point walked through, in order: its count is the points reached,
    /// its largest the deepest gate.
    public var pointGates: [Int] { visits.map(\.gate) }
}

extension SessionDigest: Validatable {
    /// Real times, durations and ratings in range, as a session that keeps its own rules gives.
    public func validate() throws(ValueProblem) {
        try Check.moment(createdAt, at: "createdAt", "the time a session was created")
        try Check.moment(startedAt, at: "startedAt", "the time a session started")
        try Check.seconds(activeSeconds, at: "activeSeconds", "the active time of a session")
        try Check.count(visits.count, at: "visits", "the number of clock points walked through")
        for (index, visit) in visits.enumerated() {
            try visit.validate(as: "visits", at: index)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        shape = try container.decode(Int.self, forKey: .shape)
        id = try container.decode(SessionID.self, forKey: .id)
        programID = try container.decode(String.self, forKey: .programID)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        startedAt = try container.decodeIfPresent(Date.self, forKey: .startedAt)
        closing = try container.decodeIfPresent(Closing.self, forKey: .closing)
        isFinished = try container.decode(Bool.self, forKey: .isFinished)
        activeSeconds = try container.decode(TimeInterval.self, forKey: .activeSeconds)
        visits = try container.decode([Visit].self, forKey: .visits)
        try validate(decodedBy: decoder)
    }
}

extension SessionDigest.Visit: Validatable {
    /// A place Tend could count to, a real time, ratings 0–10 and a duration in range. Its fields
    /// are named, though written as an array.
    public func validate() throws(ValueProblem) {
        try Check.count(gate, at: "gate", "a gate's number")
        try Check.count(step, at: "step", "a point's place in its gate")
        try Check.moment(enteredAt, at: "enteredAt", "the time a point was reached")
        try Check.rating(tension, at: "tension", "a tension rating")
        try Check.rating(pain, at: "pain", "a pain rating")
        try Check.seconds(seconds, at: "seconds", "the time spent at a point")
    }
}

// A visit is written as a short array rather than an object: a decade holds some forty thousand
// of them, and reading arrays is several times quicker than reading keyed objects. Its time is the
// plain number a Date holds, read back exactly, without going through Date's own decoding.
extension SessionDigest.Visit: Codable {
    public init(from decoder: any Decoder) throws {
        var fields = try decoder.unkeyedContainer()
        gate = try fields.decode(Int.self)
        step = try fields.decode(Int.self)
        enteredAt = Date(timeIntervalSinceReferenceDate: try fields.decode(Double.self))
        tension = try fields.decodeNil() ? nil : try fields.decode(Int.self)
        pain = try fields.decodeNil() ? nil : try fields.decode(Int.self)
        seconds = try fields.decode(Double.self)
        try validate(decodedBy: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var fields = encoder.unkeyedContainer()
        try fields.encode(gate)
        try fields.encode(step)
        try fields.encode(enteredAt.timeIntervalSinceReferenceDate)
        if let tension { try fields.encode(tension) } else { try fields.encodeNil() }
        if let pain { try fields.encode(pain) } else { try fields.encodeNil() }
        try fields.encode(seconds)
    }
}
