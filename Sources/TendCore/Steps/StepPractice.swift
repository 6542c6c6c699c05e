import Foundation

/// One practice of one step, as the person recorded it: how anxious they felt before, how anxious and
/// how sore after, for how long if they timed it, alone or with a partner, and a note.
public struct StepPractice: Codable, Hashable, Sendable, Identifiable {
    /// The longest note kept, as for a journal check-in.
    public static let noteLimit = CheckIn.noteLimit
    /// The longest practice that may be recorded, in minutes. The timer never ends a practice; this only
    /// keeps a mistyped number out of the charts.
    public static let minuteLimit = 240

    /// Which practice it is.
    public var id: StepPracticeID
    /// The step practised.
    public var stepID: StepID
    /// When the practice began.
    public var startedAt: Date
    /// How long it lasted, when the person timed it or said.
    public var minutes: Int?
    /// Anxiety before starting, 0 (calm) to 10 (the most imaginable).
    public var anxietyBefore: Int
    /// Anxiety afterwards, 0 to 10.
    public var anxietyAfter: Int
    /// Pain afterwards, 0 (none) to 10 (the worst imaginable).
    public var painAfter: Int
    /// Anything else, in the person's own words.
    public var note: String
    /// Whether a partner took part.
    public var withPartner: Bool

    /// A practice of `stepID` begun at `startedAt`, with its ratings.
    public init(
        id: StepPracticeID, stepID: StepID, startedAt: Date, minutes: Int? = nil, anxietyBefore: Int,
        anxietyAfter: Int, painAfter: Int, note: String = "", withPartner: Bool = false
    ) {
        self.id = id
        self.stepID = stepID
        self.startedAt = startedAt
        self.minutes = minutes
        self.anxietyBefore = anxietyBefore
        self.anxietyAfter = anxietyAfter
        self.painAfter = painAfter
        self.note = note
        self.withPartner = withPartner
    }

    /// Whether it stayed at or under the person's own limits, for anxiety afterwards and for pain.
    public func isManageable(under thresholds: StepThresholds) -> Bool {
        anxietyAfter <= thresholds.anxiety && !hurt(over: thresholds)
    }

    /// Whether it hurt more than the person's own limit: the practice Tend answers with a gentler step.
    /// A limit above ``StepThresholds/painLimit`` (only in an unchecked value) is read as that, so pain
    /// that Tend always answers is answered here too.
    public func hurt(over thresholds: StepThresholds) -> Bool {
        painAfter > min(thresholds.pain, StepThresholds.painLimit)
    }
}

extension StepPractice: Validatable {
    /// Identifiers Tend can keep, a real time, ratings 0–10, a sensible length, and a note Tend keeps.
    public func validate() throws(ValueProblem) {
        try Check.identifier(id.rawValue, at: "id", "a practice's identifier")
        try Check.identifier(stepID.rawValue, at: "stepID", "a step's identifier")
        try Check.moment(startedAt, at: "startedAt", "the time a practice began")
        if let minutes, !(0...Self.minuteLimit).contains(minutes) {
            throw ValueProblem(
                "minutes", sentence: "A practice's length is between 0 and \(Self.minuteLimit) minutes.")
        }
        try Check.rating(anxietyBefore, at: "anxietyBefore", "Anxiety before practice")
        try Check.rating(anxietyAfter, at: "anxietyAfter", "Anxiety after practice")
        try Check.rating(painAfter, at: "painAfter", "Pain after practice")
        if note.count > Self.noteLimit {
            throw ValueProblem(
                "note", sentence: "The note is longer than \(Self.noteLimit) characters; please shorten it.")
        }
    }

    /// Reads a practice, refusing one that breaks a rule with the field named.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(StepPracticeID.self, forKey: .id)
        stepID = try container.decode(StepID.self, forKey: .stepID)
        startedAt = try container.decode(Date.self, forKey: .startedAt)
        minutes = try container.decodeIfPresent(Int.self, forKey: .minutes)
        anxietyBefore = try container.decode(Int.self, forKey: .anxietyBefore)
        anxietyAfter = try container.decode(Int.self, forKey: .anxietyAfter)
        painAfter = try container.decode(Int.self, forKey: .painAfter)
        note = try container.decode(String.self, forKey: .note)
        withPartner = try container.decode(Bool.self, forKey: .withPartner)
        try validate(decodedBy: decoder)
    }
}
