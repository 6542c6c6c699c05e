import Foundation
import TendCore
import TendStore
import TendVault

/// One partner session while devices are connected: the authoritative state, its connections,
/// and the pipeline that makes every change durable.
///
/// Order of work for an intent: apply it with the engine; relay the signal to the other device (or
/// the new state to every device) at once; hand it to the room's saver; acknowledge the sender only
/// once the save of that version has finished. The saver runs on its own task, so the device's next
/// frame is read while the disk works. Saves are coalesced: one is in flight at a time, and the
/// next carries everything that arrived meanwhile — new signals appended to the session's log, and
/// the session's own record only when more than signals changed. Acknowledgements go out in
/// version order.
actor LiveRoom {
    struct Connection {
        let participant: Participant
        let line: any LiveLine
    }

    private var checked: CheckedSession
    /// The session as it is now (perhaps not yet saved).
    var session: PracticeSession { checked.session }
    let space: UnlockedSpace
    private let engine: SessionEngine
    private let writer: GroupCommit
    private let clock: TendClock
    private var connections: [UUID: Connection] = [:]
    private var pendingAcks: [(connection: UUID, ref: String, version: Int)] = []
    private var savedVersion: Int
    private var savedSignals: Int
    /// Whether something besides signals changed since the last save.
    private var stateChanged = false
    private var saving = false
    /// The agreement this session follows; a partner session begins only once the giver confirms it.
    let agreement: BoundariesAgreement?
    private(set) var agreementConfirmed = false

    init(
        session: CheckedSession, space: UnlockedSpace, agreement: BoundariesAgreement?, confirmed: Bool = false,
        engine: SessionEngine, writer: GroupCommit, clock: TendClock
    ) {
        self.checked = session
        self.agreement = agreement
        self.agreementConfirmed = confirmed && agreement != nil
        self.space = space
        self.engine = engine
        self.writer = writer
        self.clock = clock
        self.savedVersion = session.session.version
        self.savedSignals = session.session.signals.count
    }

    /// Whether a giver's device is connected.
    var giverPresent: Bool { connections.values.contains { $0.participant == .giver } }

    /// Adds a device. A newer device for the same role replaces the older one (the older is closed).
    func connect(_ participant: Participant, line: any LiveLine) -> UUID {
        for (id, connection) in connections where connection.participant == participant {
            close(id, .replaced)
        }
        let id = UUID()
        connections[id] = Connection(participant: participant, line: line)
        broadcastState()
        return id
    }

    /// Removes a device (it disconnected).
    func disconnect(_ id: UUID) {
        guard connections.removeValue(forKey: id) != nil else { return }
        pendingAcks.removeAll { $0.connection == id }
        broadcastState()
    }

    /// Closes every giver connection (the receiver removed the giver); a new giver confirms again.
    func removeGiver() {
        agreementConfirmed = false
        for (id, connection) in connections where connection.participant == .giver {
            close(id, .removed)
        }
        broadcastState()
    }

    /// Closes every connection (the room is going away), telling each device why.
    func closeAll(_ code: Live.Close = .roomClosed) {
        for id in connections.keys {
            close(id, code)
        }
    }

    /// Closes one connection with a reason, and forgets it.
    private func close(_ id: UUID, _ code: Live.Close) {
        guard let connection = connections.removeValue(forKey: id) else { return }
        Task { await connection.line.close(code) }
    }

    /// A device said hello: it gets the current state (whatever version it last saw).
    func hello(from id: UUID) {
        send(.state(stateView(for: connections[id]?.participant ?? .receiver)), to: id)
    }

    /// A device answered a ping.
    func pong(to id: UUID, clientTime: Double) {
        send(.pong(clientTime: clientTime, serverTime: clock.now().milliseconds), to: id)
    }

    /// Tells one device something went wrong with its message; the session goes on.
    func refuse(_ id: UUID, ref: String?, code: String, message: String) {
        send(.error(ref: ref, code: code, message: message), to: id)
    }

    /// The giver read the agreement on their own device and agreed to it.
    func confirmAgreement() {
        guard agreement != nil else { return }
        agreementConfirmed = true
        broadcastState()
    }

    /// Applies an intent from a device. Returns once the change is relayed and queued for saving;
    /// the acknowledgement follows when it is durable.
    func handle(_ intent: Intent, ref: String, from id: UUID) {
        guard let connection = connections[id] else { return }
        if intent == .start && !agreementConfirmed {
            send(.error(
                ref: ref, code: "agreementNotConfirmed",
                message: agreement == nil
                    ? "Write your boundaries agreement together first; then your partner confirms it."
                    : "Your partner confirms the agreement on their device first."), to: id)
            return
        }
        if intent == .signal(.readyForNext), !(agreement?.giverMayAskIfReady ?? false) {
            // The receiver alone says when, unless the agreement asked for this prompt.
            send(.error(
                ref: ref, code: "notInTheAgreement",
                message: "Your agreement does not include asking whether they are ready. They will move on when they choose."), to: id)
            return
        }
        let next: CheckedSession
        do {
            next = try engine.apply(SessionEvent(intent, by: connection.participant), to: checked, at: clock.now())
        } catch {
            send(.error(ref: ref, code: error.code, message: error.message), to: id)
            return
        }
        guard next.session.version != session.version else {
            send(.ack(ref: ref, version: session.version), to: id)
            return
        }
        checked = next
        // Relay first: the other screen hears it now, not after the disk. A signal leaves the
        // state as it was, so only the signal travels, and only to the other device.
        if case .signal(let signal) = intent, let record = session.signals.last {
            Observability.signals.increment()
            let view = Live.SignalView(
                signal: signal.name.rawValue, level: signal.painLevel,
                by: record.by, index: session.signals.count - 1, at: record.at.milliseconds, version: session.version)
            broadcast(.signal(view), except: id)
        } else {
            stateChanged = true
            broadcastState()
        }
        pendingAcks.append((id, ref, next.session.version))
        startSaving()
    }

    /// Starts the room's saver unless it is already running; it picks up whatever is waiting.
    private func startSaving() {
        guard !saving else { return }
        saving = true
        Task { await saveUntilCaughtUp() }
    }

    /// Saves the latest state until nothing newer is waiting, acknowledging as versions land.
    /// After a failed save every waiting sender hears "notSaved"; the next change saves everything
    /// not yet saved, so nothing is skipped.
    private func saveUntilCaughtUp() async {
        // Cleared in the same turn as the last check, so a change arriving later starts a new saver.
        defer { saving = false }
        while savedVersion < session.version {
            let snapshot = session
            let changes = SessionChanges(session: snapshot, space: space, storedSignals: savedSignals, stateChanged: stateChanged)
            stateChanged = false
            do {
                try await writer.write(changes)
                savedVersion = snapshot.version
                savedSignals = snapshot.signals.count
            } catch {
                stateChanged = stateChanged || changes.stateChanged
                for pending in pendingAcks {
                    send(.error(ref: pending.ref, code: "notSaved", message: "Tend could not save this just now. Please try again."), to: pending.connection)
                }
                pendingAcks = []
                return
            }
            let done = pendingAcks.filter { $0.version <= savedVersion }
            pendingAcks.removeAll { $0.version <= savedVersion }
            for pending in done {
                send(.ack(ref: pending.ref, version: pending.version), to: pending.connection)
            }
        }
    }

    // MARK: - Sending

    private func send(_ message: Live.ServerMessage, to id: UUID) {
        connections[id]?.line.send(message.text)
    }

    private func broadcast(_ message: Live.ServerMessage, except sender: UUID? = nil) {
        let text = message.text
        for (id, connection) in connections where id != sender {
            connection.line.send(text)
        }
    }

    /// Sends every device the new state, worded for its own role (the giver reads the giver's words).
    private func broadcastState() {
        var texts: [Participant: String] = [:]
        for connection in connections.values {
            let text = texts[connection.participant] ?? Live.ServerMessage.state(stateView(for: connection.participant)).text
            texts[connection.participant] = text
            connection.line.send(text)
        }
    }

    /// What the guidance line says at a position, for one role.
    private func guidance(at position: Position?, for audience: Participant) -> String {
        let program = engine.program
        switch position {
        case nil:
            return audience == .giver
                ? "The session begins when the person receiving is ready. There is nothing to hurry."
                : "Begin when you are ready. There is nothing to hurry."
        case .point(let gateNumber, let step)?:
            let hour = program.clockPoint(at: .point(gate: gateNumber, step: step))?.hour ?? 6
            return step > 0 && hour == 6
                ? program.text(.returnToSix, for: audience) : program.text(.pointPress, for: audience, hour: hour)
        case .checkIn?:
            return program.text(.gateCheckIn, for: audience)
        case let position?:
            return position.phase.flatMap { program.guide(for: $0, audience: audience)?.guidance } ?? ""
        }
    }

    func stateView(for audience: Participant) -> Live.StateView {
        let program = engine.program
        let position = session.position
        let step = session.steps.last
        let phase = position?.phase
        let suggested: Int? = switch position {
        case .phase(.warmUp)?: program.warmUp.suggestedMinutes * 60
        case .point?: program.dwell.minMinutes * 60
        default: nil
        }
        let positionView = API.PositionBody(position, program: program)
        return Live.StateView(
            version: session.version, mode: session.mode, kind: positionView.kind, phase: phase, gate: positionView.gate,
            step: positionView.step, hour: positionView.hour,
            title: position.map { program.describe($0, audience: audience) } ?? "Getting ready",
            guidance: guidance(at: position, for: audience),
            paused: session.isPaused, finished: session.isFinished, closing: session.closing,
            countedSeconds: step?.countedSeconds ?? 0, runningSince: step?.runningSince?.milliseconds,
            suggestedSeconds: suggested, serverTime: clock.now().milliseconds, signalCount: session.signals.count,
            giverPresent: giverPresent, agreementConfirmed: agreementConfirmed)
    }
}
