/// Something a person asks of a session.
public enum Intent: Hashable, Codable, Sendable {
    /// Begin at the programme's first phase.
    case start
    /// Move on to the next phase, point, or gate. Only the person (or receiver) can do this.
    case next
    /// Stay longer where we are; recorded, so a timer's suggestion can quietly reset.
    case stayLonger
    /// Stop the clock for a while.
    case pause
    /// Carry on after a pause.
    case resume
    /// Rate tension and pain at the current clock point, each 0–10.
    case rate(tension: Int?, pain: Int?)
    /// Stop the touch for today and go to the close.
    case enoughForToday
    /// Write or replace the reflection; at the close or afterwards.
    case reflect(Reflection)
    /// A live signal between partners; it is logged and never moves the session.
    case signal(Signal)
    /// End now: from anywhere, always accepted. Before the close it leads to the close;
    /// at the close it finishes the session.
    case end

    /// Intents that only the receiver may send in a partner session.
    public var isReceiverOnly: Bool {
        switch self {
        case .pause, .end: false
        case .signal(let signal): signal.sender == .receiver
        case .start, .next, .stayLonger, .resume, .rate, .enoughForToday, .reflect: true
        }
    }
}

/// An intent together with who sent it.
public struct SessionEvent: Hashable, Codable, Sendable {
    /// Who sent the event.
    public let by: Participant
    /// What they asked for.
    public let intent: Intent

    /// Creates an event.
    public init(_ intent: Intent, by participant: Participant) {
        self.by = participant
        self.intent = intent
    }
}

/// Why the engine turned an event down. The session is unchanged.
public enum SessionRejection: Error, Hashable, Sendable {
    /// This participant is not part of this kind of session (a giver in a solo session, say).
    case notInThisSession(Participant)
    /// In a partner session, only the receiver moves things on.
    case onlyTheReceiverCan(Intent)
    /// The session has not started yet.
    case notStarted
    /// The session has already started.
    case alreadyStarted
    /// The session is over.
    case finished
    /// The session is paused; resume first.
    case paused
    /// The session is not paused, so there is nothing to resume.
    case notPaused
    /// Ratings belong to a clock point, and the session is not at one.
    case notAtAClockPoint
    /// A rating needs tension or pain, each between 0 and 10.
    case ratingOutOfRange
    /// The session is already at its close.
    case alreadyClosing
    /// A reflection belongs to the close, and the session has not reached it.
    case notAtTheClose
    /// A reflection is longer than Tend keeps.
    case reflectionTooLong
    /// Live signals pass between partners; a solo session has no one to send them to.
    case signalsNeedAPartner
    /// That signal is the giver's to send (the receiver moves on directly).
    case onlyTheGiverProposes
    /// A pain level for signals goes from 1 to 5.
    case signalOutOfRange
    /// The stored session breaks a rule Tend keeps or does not fit its programme (or has taken a
    /// million changes), so it cannot change; nothing was applied. Start a new session.
    case recordDamaged
}
