import Foundation

/// The person's changes to their ladder. Each one either keeps every rule of ``StepLadder/validate()``
/// or is refused with the field to fix, leaving the ladder exactly as it was.
extension StepLadder {
    /// Moves the step `id` to `index` among all steps; an index past either end means that end.
    public mutating func move(_ id: StepID, to index: Int) throws(ValueProblem) {
        let from = try place(of: id)
        let step = steps.remove(at: from)
        steps.insert(step, at: min(max(index, 0), steps.count))
    }

    /// Hides the step `id`: it keeps its history but is no longer suggested. A person on it is placed
    /// on the next shown step (or the shown one before, at the top).
    public mutating func hide(_ id: StepID) throws(ValueProblem) {
        let index = try place(of: id)
        steps[index].isHidden = true
        if currentID == id { currentID = nearestVisible(from: index)?.id }
    }

    /// Shows the hidden step `id` again, in the place it had.
    public mutating func show(_ id: StepID) throws(ValueProblem) {
        steps[try place(of: id)].isHidden = false
    }

    /// Adds `step` at `index` among all steps (at the top of the ladder when nil).
    public mutating func add(_ step: Step, at index: Int? = nil) throws(ValueProblem) {
        try step.validate()
        guard steps.count < Self.stepLimit else { throw Self.full }
        guard self.index(of: step.id) == nil else {
            throw ValueProblem("id", sentence: "A step with this identifier is already on the ladder.")
        }
        if step.kind.isOnePerLadder, steps.contains(where: { $0.kind == step.kind }) {
            throw Self.alreadyThere
        }
        steps.insert(step, at: min(max(index ?? steps.count, 0), steps.count))
    }

    /// Gives the step `id` the person's own `title`, trimmed.
    public mutating func rename(_ id: StepID, to title: String) throws(ValueProblem) {
        let index = try place(of: id)
        var renamed = steps[index]
        renamed.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        try renamed.validate()
        steps[index] = renamed
    }

    /// Takes the step `id` off the ladder: only a dilator or a step of the person's own. The usual
    /// steps are hidden instead, so they can come back. A person on it is placed as by ``hide(_:)``.
    public mutating func remove(_ id: StepID) throws(ValueProblem) {
        let index = try place(of: id)
        guard steps[index].kind.isRemovable else {
            throw ValueProblem(
                "step", sentence: "This is one of the usual steps, so it can be hidden rather than removed.")
        }
        if currentID == id {
            steps[index].isHidden = true
            currentID = nearestVisible(from: index)?.id
        }
        steps.remove(at: index)
    }

    /// Puts the person on the step `id`: moving on, staying and going back are all this one choice.
    public mutating func choose(_ id: StepID) throws(ValueProblem) {
        guard try !steps[place(of: id)].isHidden else {
            throw ValueProblem("step", sentence: "This step is hidden; show it again to practise it.")
        }
        currentID = id
    }

    /// Where `id` is, or the problem that it is not on the ladder.
    private func place(of id: StepID) throws(ValueProblem) -> Int {
        guard let index = index(of: id) else {
            throw ValueProblem("step", sentence: "This step is not on the ladder; it may have been removed.")
        }
        return index
    }

    /// A ladder with no room for another step.
    static let full = ValueProblem(
        "steps", sentence: "The ladder has room for \(stepLimit) steps; hiding or removing one makes room.")

    /// A usual step added a second time.
    static let alreadyThere = ValueProblem(
        "kind", sentence: "This step is already on the ladder; if it is hidden, it can be shown again.")
}
