import Foundation

/// A person's ladder of graded practice: small steps from least to most challenging, in the order
/// they chose, and the step they say they are on.
///
/// Where the person is belongs to them, and Tend never moves it on its own. ``currentID`` is the
/// step they last chose with ``choose(_:)``; until they choose one, they are on the first step they
/// have not hidden. Moving on, staying and going back are all the same act, choosing a step, and
/// all of them are theirs to do at any time. ``StepPacing`` only offers: "ready when you are", or a
/// gentler step after one that hurt.
///
/// Hidden steps stay on the ladder with their history but are skipped wherever Tend looks for the
/// step before or after. When the step the person is on is hidden or removed, they are placed on the
/// next shown step (or, when none follows, the shown step before it), so the ladder never says they
/// are on a step it does not show.
public struct StepLadder: Hashable, Sendable {
    /// The most steps a ladder holds: far more than anyone needs, few enough to show on one page.
    public static let stepLimit = 60

    /// Every step, shown or hidden, in the person's order.
    public internal(set) var steps: [Step]
    /// The step the person chose to be on; nil until they choose, which means the first shown step.
    public internal(set) var currentID: StepID?

    /// A ladder of `steps`, with the person on `currentID`. Check it with ``validate()`` before keeping it.
    public init(steps: [Step], currentID: StepID? = nil) {
        self.steps = steps
        self.currentID = currentID
    }

    /// The usual ladder: looking with a mirror, touching the outside, a fingertip at the entrance, a
    /// finger to the first knuckle, a slim tampon, the person's own dilators from the narrowest up, and a
    /// partner's fingertip. Each width is checked and named by its place in `dilatorSizes` when refused;
    /// the same width given twice is kept once. Standard steps have short readable identifiers.
    public static func standard(dilatorSizes: [Int] = []) throws(ValueProblem) -> StepLadder {
        for (index, size) in dilatorSizes.enumerated() {
            do {
                try Step.dilator(id: StepID(rawValue: "dilator"), diameterMillimetres: size).validate()
            } catch {
                throw ValueProblem("dilatorSizes", FieldKey(intValue: index), sentence: error.sentence)
            }
        }
        let usual = StepKind.usual.map { Step(id: StepID(rawValue: $0.name.rawValue), kind: $0) }
        let dilators = Set(dilatorSizes).sorted().map { size in
            Step.dilator(id: StepID(rawValue: "dilator-\(size)mm"), diameterMillimetres: size)
        }
        let partner = Step(id: StepID(rawValue: StepKind.Name.partnerFingertip.rawValue), kind: .partnerFingertip)
        return StepLadder(steps: usual + dilators + [partner])
    }

    // MARK: - Reading the ladder

    /// The steps the person has not hidden, in their order.
    public var visibleSteps: [Step] { steps.filter { !$0.isHidden } }

    /// The step the person is on: the one they chose, or the first shown step until they choose.
    /// Nil only when every step is hidden.
    public var current: Step? {
        guard let currentID, let index = index(of: currentID) else { return visibleSteps.first }
        return nearestVisible(from: index)
    }

    /// The step with identifier `id`, when it is on the ladder.
    public func step(_ id: StepID) -> Step? {
        index(of: id).map { steps[$0] }
    }

    /// Where the step `id` is, counting hidden steps too.
    public func index(of id: StepID) -> Int? {
        steps.firstIndex { $0.id == id }
    }

    /// The nearest shown step before `id`; nil at the foot of the ladder or for a step not on it.
    public func visibleStep(before id: StepID) -> Step? {
        guard let index = index(of: id) else { return nil }
        return steps[..<index].last { !$0.isHidden }
    }

    /// The nearest shown step after `id`; nil at the top of the ladder or for a step not on it.
    public func visibleStep(after id: StepID) -> Step? {
        guard let index = index(of: id) else { return nil }
        return steps[(index + 1)...].first { !$0.isHidden }
    }

    /// The step at `index` if shown, else the next shown one, else the shown one before it.
    func nearestVisible(from index: Int) -> Step? {
        steps[index...].first { !$0.isHidden } ?? steps[..<index].last { !$0.isHidden }
    }
}
