import Foundation

extension StepLadder {
    /// A ladder written one step per line, as a practitioner writes one to offer: a line naming a
    /// usual step ("A slim tampon") is that step, a line like "Dilator 12 mm" is a dilator of that
    /// width, and anything else is a step of the writer's own words. Empty lines are skipped. A
    /// line that will not do is refused by its number (`steps[2]`, counting from 0), as the
    /// ladder's own rules are.
    public static func written(_ text: String, newID: () -> StepID) throws(ValueProblem) -> StepLadder {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw ValueProblem("steps", sentence: "Please write at least one step, one per line.") }
        var steps: [Step] = []
        for (index, line) in lines.enumerated() {
            if let usual = (StepKind.usual + [.partnerFingertip]).first(where: { $0.defaultTitle.caseInsensitiveCompare(line) == .orderedSame }) {
                steps.append(Step(id: StepID(rawValue: usual.name.rawValue), kind: usual))
            } else if let width = dilatorWidth(in: line) {
                guard StepKind.diameters.contains(width) else {
                    throw ValueProblem(
                        "steps", FieldKey(intValue: index),
                        sentence: "A dilator's width is between \(StepKind.diameters.lowerBound) and \(StepKind.diameters.upperBound) millimetres.")
                }
                steps.append(Step(id: StepID(rawValue: "dilator-\(width)mm"), kind: .dilator(diameterMillimetres: width)))
            } else {
                steps.append(.custom(id: newID(), title: line))
            }
            if let last = steps.last, steps.dropLast().contains(where: { $0.id == last.id }) {
                throw ValueProblem("steps", FieldKey(intValue: index), sentence: "This step is written twice; each step is on the ladder once.")
            }
        }
        let ladder = StepLadder(steps: steps)
        try ladder.validate()
        return ladder
    }

    /// The width a line names, if it is a dilator: "Dilator 12 mm", "12mm dilator".
    private static func dilatorWidth(in line: String) -> Int? {
        let lower = line.lowercased()
        guard lower.contains("dilator") else { return nil }
        let digits = lower.split(whereSeparator: { !$0.isNumber })
        guard digits.count == 1, let width = Int(digits[0]) else { return nil }
        return width
    }

    /// This ladder taken on in place of `old`, keeping the person's history: steps of `old` that
    /// have practices and are not on this ladder stay, hidden, at the end, so nothing recorded
    /// loses its step. The person starts on the first step shown.
    public func adopted(keepingFrom old: StepLadder, practised: Set<StepID>) -> StepLadder {
        var steps = self.steps
        let here = Set(steps.map(\.id))
        for step in old.steps where practised.contains(step.id) && !here.contains(step.id) {
            var kept = step
            kept.isHidden = true
            steps.append(kept)
        }
        return StepLadder(steps: steps, currentID: steps.first { !$0.isHidden }?.id)
    }
}
