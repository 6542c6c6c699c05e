/// Where a session is: a phase, a clock point at a gate, the check-in after a gate, or finished.
public enum Position: Hashable, Codable, Sendable {
    /// A phase with no clock point (set-up, warm-up, the two holdings, close).
    case phase(Phase)
    /// A point of the clock face: the gate's number and the index into that gate's sequence.
    case point(gate: Int, step: Int)
    /// The check-in after a gate: enough for today, or on to the next gate.
    case checkIn(gate: Int)
    /// The session is over.
    case finished

    /// The phase this position belongs to; nil once finished.
    public var phase: Phase? {
        switch self {
        case .phase(let phase): phase
        case .point, .checkIn: .clockFace
        case .finished: nil
        }
    }
}

extension Program {
    /// Where a session begins.
    public var firstPosition: Position {
        phases.first.map { position(entering: $0.phase) } ?? .finished
    }

    /// Whether a session following this programme can be at `position`.
    public func contains(_ position: Position) -> Bool {
        switch position {
        case .phase(let phase): phase != .clockFace && phases.contains { $0.phase == phase }
        case .point: clockPoint(at: position) != nil
        case .checkIn(let gateNumber): gate(gateNumber) != nil
        case .finished: true
        }
    }

    /// Where `next` leads from `position`, following the method's order exactly.
    public func position(after position: Position) -> Position {
        switch position {
        case .phase(.close), .finished:
            return .finished
        case .phase(let phase):
            return positionAfterPhase(phase)
        case .point(let gateNumber, let step):
            // Compared without adding, so no stored number can overflow.
            guard let gate = gate(gateNumber), step >= 0, step < gate.sequence.count - 1 else {
                return .checkIn(gate: gateNumber)
            }
            return .point(gate: gateNumber, step: step + 1)
        case .checkIn(let gateNumber):
            let (nextGate, overflow) = gateNumber.addingReportingOverflow(1)
            guard !overflow, gate(nextGate) != nil else { return positionAfterPhase(.clockFace) }
            return .point(gate: nextGate, step: 0)
        }
    }

    /// The clock point at a position, when it is one.
    public func clockPoint(at position: Position) -> ClockPoint? {
        guard case .point(let gateNumber, let step) = position,
            let sequence = gate(gateNumber)?.sequence, sequence.indices.contains(step)
        else { return nil }
        return sequence[step]
    }

    /// Every position of a session that is never cut short, from the first to finished.
    public var fullPath: [Position] {
        var path = [firstPosition]
        while path.last != .finished {
            path.append(position(after: path[path.count - 1]))
        }
        return path
    }

    private func positionAfterPhase(_ phase: Phase) -> Position {
        guard let index = phases.firstIndex(where: { $0.phase == phase }), index + 1 < phases.count else {
            return .finished
        }
        return position(entering: phases[index + 1].phase)
    }

    private func position(entering phase: Phase) -> Position {
        phase == .clockFace ? .point(gate: 1, step: 0) : .phase(phase)
    }
}
