import Foundation

/// What Tend reads from a person's ladder and practices: where they are, how each step stands by
/// their own numbers, and at most one gentle suggestion. Worked out by ``StepPacing``; never stored.
public struct StepAdvice: Hashable, Sendable, Encodable {
    /// The step the person is on (``StepLadder/current``); nil when every step is hidden.
    public let current: StepID?
    /// Every step on the ladder, hidden ones too, in the person's order.
    public let steps: [StepProgress]
    /// What Tend offers after the latest practice, if anything. Only ever an offer.
    public let suggestion: StepSuggestion?
    /// A good day for the next practice: the latest practice's day plus the suggested gap, and never
    /// earlier than today. Nil before any practice. A suggestion only: no day is ever late.
    public let nextSuggestedDay: Day?

    /// The shown steps whose latest practices were all manageable, in the person's order.
    public var ready: [StepID] { steps.filter { $0.status == .readyWhenYouAre }.map(\.stepID) }

    /// How the step `id` stands, when it is on the ladder.
    public func progress(of id: StepID) -> StepProgress? {
        steps.first { $0.stepID == id }
    }
}

/// How one step stands: its status, every practice of it as a point for the charts, and the first
/// time it felt manageable.
public struct StepProgress: Hashable, Sendable, Encodable {
    /// The step.
    public let stepID: StepID
    /// How it stands by the person's own numbers.
    public let status: StepStatus
    /// Its practices, oldest first.
    public let readings: [StepReading]
    /// When it first stayed at or under both of the person's limits, a milestone kept for good.
    public let firstManageable: Date?
}

/// One practice of a step as the charts show it: anxiety before and after, and pain after, over time.
public struct StepReading: Hashable, Sendable, Encodable {
    /// The practice.
    public let practiceID: StepPracticeID
    /// When it began.
    public let startedAt: Date
    /// Anxiety before, 0–10.
    public let anxietyBefore: Int
    /// Anxiety after, 0–10.
    public let anxietyAfter: Int
    /// Pain after, 0–10.
    public let painAfter: Int
    /// Whether a partner took part.
    public let withPartner: Bool
    /// Whether it stayed at or under both of the person's limits.
    public let isManageable: Bool
}

/// How a step stands by the person's own numbers. None of these is a grade.
public enum StepStatus: String, Hashable, Sendable, Encodable, CaseIterable {
    /// No practice of it yet.
    case notYetTried
    /// Practised, and still being practised.
    case practising
    /// Its latest practices all stayed at or under the person's limits: moving on is there when they want it.
    case readyWhenYouAre
    /// Hidden by the person; its history is kept.
    case hidden

    /// The status in a few plain words.
    public var label: String {
        switch self {
        case .notYetTried: "Not tried yet"
        case .practising: "Practising"
        case .readyWhenYouAre: "Ready when you are"
        case .hidden: "Hidden"
        }
    }
}

/// What Tend gently offers after the latest practice. The person decides; every choice is a good one.
public enum StepSuggestion: Hashable, Sendable, Encodable {
    /// The practice `after` hurt more than the person's pain limit: the shown step before it may be kinder.
    case easeBack(to: StepID, after: StepPracticeID)
    /// The practice `after` hurt, on the first shown step: rest, and a gentler try when it feels right.
    case rest(after: StepPracticeID)
    /// The step the person is on has been manageable lately; `next` is there when they want it.
    case readyWhenYouAre(next: StepID)

    /// The library articles the words point to, by their address: looking after yourself after
    /// practice, and who can help when pain keeps coming back. Linking them is the web layer's part.
    public var articles: [String] {
        switch self {
        case .easeBack, .rest: ["after-practice", "getting-help"]
        case .readyWhenYouAre: []
        }
    }

    /// What Tend says, in plain words to the person who practised.
    public var words: String {
        switch self {
        case .easeBack:
            "That practice hurt, and it matters that you noted it. Next time, the step before may be the "
                + "kinder place to practise: going back is part of how this works, never a setback. Going back, "
                + "staying where you are, or resting for a few days are all good choices, and yours to make. "
                + Self.lookAfterYourself
        case .rest:
            "That practice hurt, and it matters that you noted it. This is the first step on your ladder, so "
                + "resting is the kind choice for now, and a shorter, gentler try of it is there whenever you "
                + "feel like one. Resting, staying with this step, or changing your ladder are all good choices, "
                + "and yours to make. " + Self.lookAfterYourself
        case .readyWhenYouAre:
            "Your latest practices of this step all stayed within your own limits. The next step is ready when "
                + "you are. Moving on, staying here a while longer, or going back are all good choices, and only "
                + "you decide when."
        }
    }

    /// Care after a practice that hurt, pointing to the two articles in ``articles``.
    static let lookAfterYourself =
        "After practice has ways to look after yourself now, and Getting help says who can help if pain "
        + "keeps coming back. Pain that lasts into the next day, bleeding or burning are reasons to pause and "
        + "see a GP."
}
