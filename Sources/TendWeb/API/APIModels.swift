import Foundation
import TendCore

/// The JSON shapes of `/api/v1`, described in `openapi.json` (served as `/api/openapi.yaml`).
enum API {
    struct SpaceStatus: Codable {
        /// "needsSetup", "locked" or "unlocked".
        let state: String
        /// Echo this in the `X-CSRF-Token` header of every unsafe request.
        let csrfToken: String
        let autoLockMinutes: Int
    }

    struct SetUpRequest: Codable {
        /// Hosted: the name to sign in with.
        let name: String?
        /// Hosted, when sign-up is by invitation: the code.
        let invitation: String?
        /// Typed once: an API client needs no second copy to compare.
        let passphrase: String
    }

    struct SetUpResponse: Codable {
        /// Shown once; Tend keeps no copy.
        let recoveryKey: String
    }

    struct UnlockRequest: Codable {
        /// Hosted: the account's name.
        let name: String?
        let passphrase: String
        /// Hosted, practitioners only: the code from their authenticator app.
        let code: String?
    }

    struct RecoverRequest: Codable {
        /// Hosted: the account's name.
        let name: String?
        let recoveryKey: String
        let passphrase: String
    }

    struct StartRequest: Codable {
        let mode: SessionMode?
    }

    struct EventRequest: Codable {
        /// One of ``IntentName``.
        let intent: String
        /// For the pain signal, 1 to 5.
        let level: Int?
        let tension: Int?
        let pain: Int?
        let reflection: ReflectionBody?
        /// The version the client last saw; a stale event (except end) is dropped, not applied.
        let seenVersion: Int?
    }

    struct ReflectionBody: Codable {
        let howItFelt: String?
        let emotions: [String]?
        let note: String?
    }

    struct SessionList: Codable {
        let sessions: [SessionSummary]
    }

    struct SessionSummary: Codable {
        let id: String
        let mode: SessionMode
        let version: Int
        let createdAt: Date
        let updatedAt: Date
        let finished: Bool
        let position: PositionBody
        let activeSeconds: Double
    }

    struct PositionBody: Codable {
        /// "phase", "point", "checkIn" or "finished".
        let kind: String
        let phase: Phase?
        let gate: Int?
        let step: Int?
        let hour: Int?
    }

    struct SessionBody: Codable {
        let id: String
        let mode: SessionMode
        let programId: String
        let version: Int
        let createdAt: Date
        let updatedAt: Date
        let position: PositionBody
        let paused: Bool
        let finished: Bool
        let closing: Closing?
        let activeSeconds: Double
        let pausedSeconds: Double
        let steps: [StepBody]
        let reflection: ReflectionBody?
    }

    struct StepBody: Codable {
        let position: PositionBody
        let enteredAt: Date
        let leftAt: Date?
        let activeSeconds: Double
        let extensions: Int
        let ratings: [RatingBody]
    }

    struct RatingBody: Codable {
        let tension: Int?
        let pain: Int?
        let at: Date
    }
}

extension API.PositionBody {
    init(_ position: Position?, program: Program) {
        switch position {
        case nil: self.init(kind: "notStarted", phase: nil, gate: nil, step: nil, hour: nil)
        case .phase(let phase)?: self.init(kind: "phase", phase: phase, gate: nil, step: nil, hour: nil)
        case .point(let gate, let step)?:
            self.init(kind: "point", phase: .clockFace, gate: gate, step: step, hour: program.clockPoint(at: position!)?.hour)
        case .checkIn(let gate)?: self.init(kind: "checkIn", phase: .clockFace, gate: gate, step: nil, hour: nil)
        case .finished?: self.init(kind: "finished", phase: nil, gate: nil, step: nil, hour: nil)
        }
    }
}

extension API.SessionSummary {
    init(_ session: PracticeSession, program: Program) {
        self.init(
            id: session.id.rawValue, mode: session.mode, version: session.version, createdAt: session.createdAt,
            updatedAt: session.updatedAt, finished: session.isFinished, position: .init(session.position, program: program),
            activeSeconds: session.activeSeconds(at: session.updatedAt))
    }
}

extension API.SessionBody {
    init(_ session: PracticeSession, program: Program, now: Date) {
        self.init(
            id: session.id.rawValue, mode: session.mode, programId: session.programID, version: session.version,
            createdAt: session.createdAt, updatedAt: session.updatedAt, position: .init(session.position, program: program),
            paused: session.isPaused, finished: session.isFinished, closing: session.closing,
            activeSeconds: session.activeSeconds(at: now), pausedSeconds: session.pausedSeconds,
            steps: session.steps.map { step in
                API.StepBody(
                    position: .init(step.position, program: program), enteredAt: step.enteredAt, leftAt: step.leftAt,
                    activeSeconds: step.activeSeconds(at: now), extensions: step.extensions,
                    ratings: step.ratings.map { API.RatingBody(tension: $0.tension, pain: $0.pain, at: $0.at) })
            },
            reflection: session.reflection.map { API.ReflectionBody(howItFelt: $0.howItFelt, emotions: $0.emotions, note: $0.note) })
    }
}
