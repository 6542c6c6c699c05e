import Foundation

/// The method's state machine: `(session, event, now) → new session`, or a typed rejection.
///
/// Pure and deterministic: the clock reading comes in with each event and nothing moves on by
/// itself. Every accepted change raises the session's version by one; `end` is always accepted,
/// unless the session itself is damaged (``SessionRejection/recordDamaged``).
public struct SessionEngine: Sendable {
    /// The programme the engine walks through.
    public let program: Program

    /// Creates an engine for a validated programme.
    public init(program: Program) {
        self.program = program
    }

    /// A new, not yet started session following this engine's programme.
    public func newSession(id: SessionID, owner: OwnerID, mode: SessionMode, at now: Date) -> PracticeSession {
        PracticeSession(id: id, owner: owner, mode: mode, programID: program.id, createdAt: now)
    }

    /// Applies one event. On rejection the session is left exactly as it was.
    public func apply(
        _ event: SessionEvent, to session: PracticeSession, at now: Date
    ) throws(SessionRejection) -> PracticeSession {
        try apply(event, to: check(session), at: now).session
    }

    /// Checks a session read from outside (a store, an import) against the rules and this
    /// programme, once: a session that breaks one is refused, never trapped on.
    public func check(_ session: PracticeSession) throws(SessionRejection) -> CheckedSession {
        guard (try? session.validate(against: program)) != nil else { throw .recordDamaged }
        return CheckedSession(session: session, programID: program.id)
    }

    /// Applies one event to a checked session. The engine keeps every rule from event to event
    /// (the invariant tests hold it to that), so what it returns is checked too, and a live room
    /// pays for the whole check once, not on every signal.
    public func apply(
        _ event: SessionEvent, to checked: CheckedSession, at now: Date
    ) throws(SessionRejection) -> CheckedSession {
        guard checked.programID == program.id else { throw .recordDamaged }
        return CheckedSession(session: try transition(checked.session, by: event, at: now), programID: program.id)
    }

    private func transition(
        _ session: PracticeSession, by event: SessionEvent, at now: Date
    ) throws(SessionRejection) -> PracticeSession {
        try checkParticipant(event, in: session)
        var next = session
        // A clock that stepped backwards must never produce negative durations.
        let now = max(now, session.updatedAt)
        switch event.intent {
        case .end:
            guard !session.isFinished else { return session }
            next.unpause(at: now)
            if session.position == .phase(.close) {
                next.move(to: .finished, at: now)
            } else {
                next.closing = .ended
                next.move(to: .phase(.close), at: now)
            }
        case .start:
            guard !session.hasStarted else { throw .alreadyStarted }
            next.steps = [StepRecord(position: program.firstPosition, at: now, running: true)]
        case .next:
            let position = try movablePosition(session)
            let destination = program.position(after: position)
            if destination == .phase(.close), session.closing == nil { next.closing = .completed }
            next.move(to: destination, at: now)
        case .stayLonger:
            _ = try movablePosition(session)
            let extensions = try oneMore(session.steps.last?.extensions ?? 0)
            try next.changeCurrentStep { $0.extensions = extensions }
        case .pause:
            try requireOpen(session)
            guard !session.isPaused else { throw .paused }
            next.pausedAt = now
            try next.changeCurrentStep { $0.stopRunning(at: now) }
        case .resume:
            try requireOpen(session)
            guard session.isPaused else { throw .notPaused }
            next.unpause(at: now)
        case .rate(let tension, let pain):
            try requireOpen(session)
            guard case .point = session.position else { throw .notAtAClockPoint }
            let rating = PointRating(tension: tension, pain: pain, at: now)
            guard rating.isValid else { throw .ratingOutOfRange }
            try next.changeCurrentStep { $0.ratings.append(rating) }
        case .reflect(let reflection):
            guard session.position == .phase(.close) || session.isFinished else { throw .notAtTheClose }
            guard reflection.isValid else { throw .reflectionTooLong }
            next.reflection = reflection
        case .signal(let signal):
            guard session.mode == .partner else { throw .signalsNeedAPartner }
            guard signal.sender == event.by else { throw .onlyTheGiverProposes }
            guard signal.isValid else { throw .signalOutOfRange }
            try requireOpen(session)
            next.signals.append(SignalRecord(signal: signal, by: event.by, at: now, position: session.position))
        case .enoughForToday:
            try requireOpen(session)
            guard session.position != .phase(.close) else { throw .alreadyClosing }
            next.unpause(at: now)
            next.closing = .enoughForToday
            next.move(to: .phase(.close), at: now)
        }
        next.version = try oneMore(session.version)
        next.updatedAt = now
        return next
    }

    /// A count raised by one, refusing to pass what a stored session may hold (so it stays readable).
    private func oneMore(_ count: Int) throws(SessionRejection) -> Int {
        guard count < ValueLimits.count.upperBound else { throw .recordDamaged }
        return count + 1
    }

    private func checkParticipant(_ event: SessionEvent, in session: PracticeSession) throws(SessionRejection) {
        switch (session.mode, event.by) {
        case (.solo, .alone), (.partner, .receiver):
            return
        case (.partner, .giver):
            if event.intent.isReceiverOnly { throw .onlyTheReceiverCan(event.intent) }
        case (.solo, _), (.partner, .alone):
            throw .notInThisSession(event.by)
        }
    }

    private func requireOpen(_ session: PracticeSession) throws(SessionRejection) {
        guard session.hasStarted else { throw .notStarted }
        guard !session.isFinished else { throw .finished }
    }

    /// The current position, when the session may move on from it.
    private func movablePosition(_ session: PracticeSession) throws(SessionRejection) -> Position {
        try requireOpen(session)
        guard !session.isPaused else { throw .paused }
        guard let position = session.position else { throw .notStarted }
        return position
    }
}

extension PracticeSession {
    /// Changes the step the session is at; before the start there is none to change.
    mutating func changeCurrentStep(_ change: (inout StepRecord) -> Void) throws(SessionRejection) {
        guard let current = steps.indices.last else { throw .notStarted }
        change(&steps[current])
    }

    mutating func unpause(at now: Date) {
        guard let pausedAt else { return }
        pausedSeconds += max(0, now.timeIntervalSince(pausedAt))
        self.pausedAt = nil
        if let current = steps.indices.last { steps[current].runningSince = now }
    }

    mutating func move(to position: Position, at now: Date) {
        if let current = steps.indices.last {
            steps[current].stopRunning(at: now)
            steps[current].leftAt = now
        }
        steps.append(StepRecord(position: position, at: now, running: position != .finished))
    }
}

/// A session an engine has checked against its rules and programme (``SessionEngine/check(_:)``),
/// or one an engine made from a checked session.
public struct CheckedSession: Equatable, Sendable {
    /// The session itself.
    public let session: PracticeSession
    /// The programme it was checked against.
    let programID: String

    fileprivate init(session: PracticeSession, programID: String) {
        self.session = session
        self.programID = programID
    }
}
