import Foundation

/// The rules of graded practice, paced by the person's own numbers: `(ladder, practices, thresholds,
/// now) → advice`.
///
/// Pure and deterministic, like ``SessionEngine``: the clock reading comes in, and nothing is stored.
/// - A step is **ready when you are** once its latest ``StepThresholds/practicesNeeded`` practices all
///   stayed at or under the person's limits for anxiety afterwards and pain.
/// - After a practice that **hurt** (pain above the person's limit, which is never above 3), Tend offers
///   the shown step before it, or rest when it is the first: pain is answered before anything else.
/// - Otherwise, when the step the person is on is ready and a shown step follows, Tend offers that one.
/// - The **next suggested day** is the latest practice's day plus ``StepThresholds/everyDays``, never
///   earlier than today, so a longer rest never reads as late: there is no "missed" and no streak.
///
/// Practices of steps no longer on the ladder are left out. Tend offers; the person moves, stays or
/// goes back with ``StepLadder/choose(_:)``, whatever the advice says.
public enum StepPacing {
    /// The advice for `ladder`, from `practices` in any order, by the person's `thresholds`, at `now`;
    /// days are counted in `timeZone`.
    public static func advice(
        for ladder: StepLadder, practices: [StepPractice], thresholds: StepThresholds, at now: Date,
        timeZone: TimeZone = .current
    ) -> StepAdvice {
        let onLadder = Set(ladder.steps.map(\.id))
        // Oldest first; practices begun at the same moment keep the order they were given in.
        let ordered = practices.enumerated()
            .filter { onLadder.contains($0.element.stepID) }
            .sorted { ($0.element.startedAt, $0.offset) < ($1.element.startedAt, $1.offset) }
            .map(\.element)
        let byStep = Dictionary(grouping: ordered, by: \.stepID)
        let steps = ladder.steps.map { step in
            progress(of: step, practices: byStep[step.id] ?? [], thresholds: thresholds)
        }
        let latest = ordered.last
        return StepAdvice(
            current: ladder.current?.id, steps: steps,
            suggestion: suggestion(ladder: ladder, latest: latest, steps: steps, thresholds: thresholds),
            nextSuggestedDay: latest.map { nextDay(after: $0, thresholds: thresholds, now: now, timeZone: timeZone) })
    }

    /// Whether `practices` of a step (oldest first) make it ready: enough of them, and the latest
    /// ``StepThresholds/practicesNeeded`` all manageable.
    public static func isReady(_ practices: [StepPractice], thresholds: StepThresholds) -> Bool {
        // A needed count below one (only in an unchecked value) is read as one, never trapped on.
        let needed = max(thresholds.practicesNeeded, 1)
        return practices.count >= needed && practices.suffix(needed).allSatisfy { $0.isManageable(under: thresholds) }
    }

    // MARK: - Parts

    /// How one step stands, from its practices, oldest first.
    static func progress(of step: Step, practices: [StepPractice], thresholds: StepThresholds) -> StepProgress {
        let readings = practices.map { practice in
            StepReading(
                practiceID: practice.id, startedAt: practice.startedAt, anxietyBefore: practice.anxietyBefore,
                anxietyAfter: practice.anxietyAfter, painAfter: practice.painAfter,
                withPartner: practice.withPartner, isManageable: practice.isManageable(under: thresholds))
        }
        let status: StepStatus =
            if step.isHidden {
                .hidden
            } else if practices.isEmpty {
                .notYetTried
            } else if isReady(practices, thresholds: thresholds) {
                .readyWhenYouAre
            } else {
                .practising
            }
        return StepProgress(
            stepID: step.id, status: status, readings: readings,
            firstManageable: readings.first(where: \.isManageable)?.startedAt)
    }

    /// The one suggestion after the latest practice: pain first, then readiness of the current step.
    static func suggestion(
        ladder: StepLadder, latest: StepPractice?, steps: [StepProgress], thresholds: StepThresholds
    ) -> StepSuggestion? {
        if let latest, latest.hurt(over: thresholds) {
            guard let gentler = ladder.visibleStep(before: latest.stepID) else { return .rest(after: latest.id) }
            return .easeBack(to: gentler.id, after: latest.id)
        }
        guard let current = ladder.current,
            steps.first(where: { $0.stepID == current.id })?.status == .readyWhenYouAre,
            let next = ladder.visibleStep(after: current.id)
        else { return nil }
        return .readyWhenYouAre(next: next.id)
    }

    /// A good day for the next practice, never before today.
    static func nextDay(after latest: StepPractice, thresholds: StepThresholds, now: Date, timeZone: TimeZone) -> Day {
        // A gap outside the allowed range (only in an unchecked value) is held at its edge, never overflowed.
        let gap = min(max(thresholds.everyDays, StepThresholds.dayGaps.lowerBound), StepThresholds.dayGaps.upperBound)
        return max(Day(latest.startedAt, in: timeZone) + gap, Day(now, in: timeZone))
    }
}
