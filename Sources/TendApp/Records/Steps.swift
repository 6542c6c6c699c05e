import Foundation
import TendCore
import TendStore
import TendVault

/// A person's graded practice as kept: their ladder and their own pace, one record per space.
public struct StepsPlan: Codable, Sendable, Equatable {
    /// The steps in the person's order, and the one they are on.
    public var ladder: StepLadder
    /// Their limits, how many manageable practices make a step ready, and the suggested rhythm.
    public var thresholds: StepThresholds

    /// A plan; with no arguments, the usual ladder at the usual pace.
    public init(ladder: StepLadder = Steps.usualLadder, thresholds: StepThresholds = .standard) {
        self.ladder = ladder
        self.thresholds = thresholds
    }
}

/// Why a step could not be practised.
public enum StepsError: Error, Equatable {
    /// The step is not on the person's ladder (removed, or never there).
    case stepNotOnLadder

    /// The sentence a person reads.
    public var message: String { "This step is not on your ladder; it may have been removed." }
}

/// Graded practice, sealed: the plan, and every practice of a step.
public enum Steps {
    /// The sealed record kind of a space's plan.
    public static let planKind = RecordKind<StepsPlan>("steps")
    /// The sealed record kind of one practice of a step.
    public static let practiceKind = RecordKind<StepPractice>("step-practice")

    /// The ladder a person starts from: the usual steps, with no dilators until they add their own set.
    public static let usualLadder: StepLadder = (try? StepLadder.standard()) ?? StepLadder(steps: [])

    /// One plan per space.
    static func planID(in space: UnlockedSpace) -> String { "steps-\(space.owner.rawValue)" }

    /// The space's plan, or the usual one when the person has not changed anything yet.
    public static func plan(from store: any Store, space: UnlockedSpace) async throws -> StepsPlan {
        try await store.record(planKind, id: planID(in: space), in: space) ?? StepsPlan()
    }

    /// The plan as stored, or nil when the person never changed it (what an export keeps).
    public static func storedPlan(from store: any Store, space: UnlockedSpace) async throws -> StepsPlan? {
        try await store.record(planKind, id: planID(in: space), in: space)
    }

    /// Keeps the plan, after checking it by TendCore's rules.
    public static func save(_ plan: StepsPlan, in store: any Store, space: UnlockedSpace) async throws {
        try plan.ladder.validate()
        try plan.thresholds.validate()
        try await store.saveUndated(plan, id: planID(in: space), kind: planKind, in: space)
    }

    /// Keeps one practice, after checking it; its step must be on the ladder.
    public static func record(
        _ practice: StepPractice, on ladder: StepLadder, in store: any Store, space: UnlockedSpace
    ) async throws {
        guard ladder.step(practice.stepID) != nil else { throw StepsError.stepNotOnLadder }
        try practice.validate()
        try await store.saveUndated(
            practice, id: practice.id.rawValue, kind: practiceKind, in: space)
    }

    /// A person changes their plan: it is kept, and the calendar feed follows their new pace.
    public static func change(to plan: StepsPlan, in store: any Store, space: UnlockedSpace, at now: Date) async throws {
        try await save(plan, in: store, space: space)
        try await Reminders.followSteps(in: store, space: space, at: now)
    }

    /// A person records a practice: it is kept, and the calendar feed moves to the next suggested day.
    public static func practise(
        _ practice: StepPractice, on ladder: StepLadder, in store: any Store, space: UnlockedSpace, at now: Date
    ) async throws {
        try await record(practice, on: ladder, in: store, space: space)
        try await Reminders.followSteps(in: store, space: space, at: now)
        // Kept; a practitioner kept up to date hears of it now, or at the next.
        try? await Practitioners.followRecords(in: space, store: store, at: now)
    }

    /// Every practice, oldest first.
    public static func practices(from store: any Store, space: UnlockedSpace) async throws -> [StepPractice] {
        try await store.records(practiceKind, in: space).map(\.value)
            .sorted { ($0.startedAt, $0.id.rawValue) < ($1.startedAt, $1.id.rawValue) }
    }

    /// Graded practice's rhythm for the calendar: from the next suggested day (today before any
    /// practice), every so many days as the person chose.
    public static func rhythm(from store: any Store, space: UnlockedSpace, at now: Date) async throws -> ReminderPlan.StepsRhythm {
        let overview = try await overview(from: store, space: space, at: now)
        return ReminderPlan.StepsRhythm(
            from: overview.advice.nextSuggestedDay ?? Day(now), everyDays: overview.plan.thresholds.everyDays)
    }

    /// The plan, the practices and what TendCore reads from them at `now`.
    public static func overview(
        from store: any Store, space: UnlockedSpace, at now: Date
    ) async throws -> StepsOverview {
        overview(plan: try await plan(from: store, space: space), practices: try await practices(from: store, space: space), at: now)
    }

    /// The overview of a plan and its practices (a person's own, or what they shared).
    public static func overview(plan: StepsPlan, practices: [StepPractice], at now: Date) -> StepsOverview {
        let advice = StepPacing.advice(for: plan.ladder, practices: practices, thresholds: plan.thresholds, at: now)
        return StepsOverview(plan: plan, practices: practices, advice: advice)
    }
}

/// Everything the steps pages, progress and the report show.
public struct StepsOverview: Sendable {
    /// The ladder and the person's pace.
    public let plan: StepsPlan
    /// Every practice, oldest first.
    public let practices: [StepPractice]
    /// How each step stands, and at most one suggestion.
    public let advice: StepAdvice

    /// Whether the person has practised any step yet.
    public var hasPractised: Bool { !practices.isEmpty }
}
