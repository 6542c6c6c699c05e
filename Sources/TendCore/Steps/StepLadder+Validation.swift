import Foundation

extension StepLadder: Validatable {
    /// At most ``stepLimit`` valid steps, each identifier once, each usual step once, and the person on
    /// a step the ladder has and shows.
    public func validate() throws(ValueProblem) {
        guard steps.count <= Self.stepLimit else { throw Self.full }
        var ids: Set<StepID> = []
        var kinds: Set<StepKind.Name> = []
        for (index, step) in steps.enumerated() {
            try step.validate(as: "steps", at: index)
            guard ids.insert(step.id).inserted else {
                throw ValueProblem(
                    "steps", FieldKey(intValue: index), "id", sentence: "two steps share this identifier")
            }
            guard !step.kind.isOnePerLadder || kinds.insert(step.kind.name).inserted else {
                throw Self.alreadyThere.inside("steps", FieldKey(intValue: index))
            }
        }
        guard let currentID else { return }
        guard let current = step(currentID) else {
            throw ValueProblem("currentID", sentence: "the step the person is on is not on the ladder")
        }
        guard !current.isHidden else {
            throw ValueProblem("currentID", sentence: "the step the person is on is hidden")
        }
    }
}

extension StepLadder: Codable {
    private enum CodingKeys: String, CodingKey {
        case steps, currentID
    }

    /// Reads a ladder, refusing one that breaks a rule with the field named.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        steps = try container.decode([Step].self, forKey: .steps)
        currentID = try container.decodeIfPresent(StepID.self, forKey: .currentID)
        try validate(decodedBy: decoder)
    }

    /// Writes the steps in order and, once chosen, the step the person is on.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(steps, forKey: .steps)
        try container.encodeIfPresent(currentID, forKey: .currentID)
    }
}
