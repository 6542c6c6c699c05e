import Foundation

extension PointRating: Validatable {
    /// Tension or pain given, each 0–10, at a real time.
    public func validate() throws(ValueProblem) {
        guard tension != nil || pain != nil else {
            throw ValueProblem("tension", sentence: "a rating needs tension or pain")
        }
        try Check.rating(tension, at: "tension", "a tension rating")
        try Check.rating(pain, at: "pain", "a pain rating")
        try Check.moment(at, at: "at", "the time of a rating")
    }
}

extension StepRecord: Validatable {
    /// Real times in order, a left step no longer running, and counts and ratings Tend would have kept.
    public func validate() throws(ValueProblem) {
        try Check.moment(enteredAt, at: "enteredAt", "the time a step began")
        try Check.moment(leftAt, at: "leftAt", "the time a step was left")
        try Check.moment(runningSince, at: "runningSince", "the time a step's clock started")
        if let leftAt {
            guard leftAt >= enteredAt else {
                throw ValueProblem("leftAt", sentence: "a step cannot be left before it began")
            }
            guard runningSince == nil else {
                throw ValueProblem("runningSince", sentence: "a step that has been left is not running")
            }
        }
        try Check.seconds(countedSeconds, at: "countedSeconds", "the active time of a step")
        try Check.count(extensions, at: "extensions", "the number of times someone stayed longer")
        try Check.count(ratings.count, at: "ratings", "the number of ratings")
        guard case .point = position else {
            guard ratings.isEmpty else { throw ValueProblem("ratings", sentence: "only a clock point is rated") }
            return
        }
        for (index, rating) in ratings.enumerated() {
            try rating.validate(as: "ratings", at: index)
        }
    }
}

extension PracticeSession: Validatable {
    /// What the engine keeps true from event to event: real times, counts Tend would have kept,
    /// only the current step not yet left, a pause only once started, valid parts throughout.
    /// What depends on the programme is checked by ``validate(against:)``.
    public func validate() throws(ValueProblem) {
        try Check.moment(createdAt, at: "createdAt", "the time a session was created")
        try Check.moment(updatedAt, at: "updatedAt", "the time of a session's latest change")
        guard updatedAt >= createdAt else {
            throw ValueProblem("updatedAt", sentence: "a session cannot change before it was created")
        }
        try Check.count(version, at: "version", "a session's version")
        try Check.count(steps.count, at: "steps", "the number of steps")
        for (index, step) in steps.enumerated() {
            try step.validate(as: "steps", at: index)
            if index < steps.count - 1, step.leftAt == nil {
                throw ValueProblem(
                    "steps", FieldKey(intValue: index), "leftAt",
                    sentence: "every step but the current one has been left")
            }
            if index == steps.count - 1, step.leftAt != nil {
                throw ValueProblem(
                    "steps", FieldKey(intValue: index), "leftAt", sentence: "the current step has not been left")
            }
        }
        if let pausedAt {
            try Check.moment(pausedAt, at: "pausedAt", "the time a pause began")
            guard let current = steps.indices.last else {
                throw ValueProblem("pausedAt", sentence: "a session that has not started cannot be paused")
            }
            guard steps[current].runningSince == nil else {
                throw ValueProblem(
                    "steps", FieldKey(intValue: current), "runningSince",
                    sentence: "a paused session's current step is not running")
            }
        }
        try Check.seconds(pausedSeconds, at: "pausedSeconds", "the paused time of a session")
        try reflection?.validate(as: "reflection")
        try Check.count(signals.count, at: "signals", "the number of signals")
        guard signals.isEmpty || mode == .partner else {
            throw ValueProblem("signals", sentence: "only a partner session has signals")
        }
        for (index, signal) in signals.enumerated() {
            try signal.validate(as: "signals", at: index)
        }
    }

    /// Checks everything a session must be to be changed or shown with `program`: its own rules
    /// (``validate()``), that it follows this programme, and that every position it records, at
    /// each step and with each signal, is one this programme has.
    public func validate(against program: Program) throws(ValueProblem) {
        try validate()
        guard programID == program.id else {
            throw ValueProblem(
                "programID", sentence: "this session follows the programme \"\(programID)\", not \"\(program.id)\"")
        }
        for (index, step) in steps.enumerated() where !program.contains(step.position) {
            throw ValueProblem(
                "steps", FieldKey(intValue: index), "position", sentence: "the programme has no such position")
        }
        for (index, signal) in signals.enumerated() {
            guard let position = signal.position, !program.contains(position) else { continue }
            throw ValueProblem(
                "signals", FieldKey(intValue: index), "position", sentence: "the programme has no such position")
        }
    }
}
