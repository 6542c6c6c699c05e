import Foundation
import TendCore

/// The live protocol's messages (documented in docs/live-protocol.md). JSON text frames.
enum Live {
    /// Largest frame Tend reads; anything bigger closes the connection with 1009.
    static let maximumFrameBytes = 2_048
    /// Made once: every frame in and out of every room passes through these.
    static let decoder = JSONDecoder()
    static let encoder = JSONEncoder()

    /// What a device sends.
    struct ClientMessage: Decodable {
        /// "hello", "intent" or "ping".
        let type: String
        /// hello: the last version this device saw (0 for none).
        let lastVersion: Int?
        /// intent: the sender's own reference, echoed in the ack or error.
        let ref: String?
        /// intent: one of ``IntentName``.
        let intent: String?
        /// intent "pain": 1 to 5.
        let level: Int?
        /// intent "rate": tension and pain at the clock point, each 0 to 10.
        let tension: Int?
        let pain: Int?
        /// ping: the device's own clock, echoed back for the offset estimate.
        let clientTime: Double?
    }

    /// The session as both screens draw it. Times are server milliseconds since 1970.
    struct StateView: Codable {
        let version: Int
        let mode: SessionMode
        let kind: String
        let phase: Phase?
        let gate: Int?
        let step: Int?
        let hour: Int?
        let title: String
        let guidance: String
        let paused: Bool
        let finished: Bool
        let closing: Closing?
        /// Active seconds on the current step already counted.
        let countedSeconds: Double
        /// When the running segment began, or nil while paused.
        let runningSince: Double?
        let suggestedSeconds: Int?
        let serverTime: Double
        let signalCount: Int
        let giverPresent: Bool
        let agreementConfirmed: Bool
    }

    struct SignalView: Codable {
        let signal: String
        let level: Int?
        let by: Participant
        let index: Int
        let at: Double
        /// The session's version with this signal.
        let version: Int
    }

    /// Everything the server sends, tagged by `type`.
    enum ServerMessage: Encodable {
        case state(StateView)
        case signal(SignalView)
        case ack(ref: String, version: Int)
        case error(ref: String?, code: String, message: String)
        case pong(clientTime: Double, serverTime: Double)

        enum Keys: String, CodingKey {
            case type, state, signal, ref, version, code, message, clientTime, serverTime
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch self {
            case .state(let view):
                try container.encode("state", forKey: .type)
                try container.encode(view, forKey: .state)
            case .signal(let view):
                try container.encode("signal", forKey: .type)
                try container.encode(view, forKey: .signal)
            case .ack(let ref, let version):
                try container.encode("ack", forKey: .type)
                try container.encode(ref, forKey: .ref)
                try container.encode(version, forKey: .version)
            case .error(let ref, let code, let message):
                try container.encode("error", forKey: .type)
                try container.encodeIfPresent(ref, forKey: .ref)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
            case .pong(let clientTime, let serverTime):
                try container.encode("pong", forKey: .type)
                try container.encode(clientTime, forKey: .clientTime)
                try container.encode(serverTime, forKey: .serverTime)
            }
        }

        /// The message as a text frame. The two frames every signal costs (the relay and the ack)
        /// are written by hand, as `encode(to:)` would write them (decision 012).
        var text: String {
            switch self {
            case .ack(let ref, let version):
                return #"{"type":"ack","ref":\#(JSONText.quoted(ref)),"version":\#(version)}"#
            case .signal(let view):
                let level = view.level.map { #","level":\#($0)"# } ?? ""
                return #"{"type":"signal","signal":{"signal":\#(JSONText.quoted(view.signal))\#(level),"by":"\#(view.by.rawValue)","#
                    + #""index":\#(view.index),"at":\#(Int64(view.at)),"version":\#(view.version)}}"#
            default:
                return (try? Live.encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            }
        }
    }

    /// Close codes, each with a reason a person could read.
    enum Close: UInt16 {
        case tooManyMessages = 4008
        case replaced = 4009
        case removed = 4010
        case roomClosed = 4011
        case locked = 4012

        var reason: String {
            switch self {
            case .tooManyMessages: "Too many messages at once; please reload."
            case .replaced: "This session was opened on another screen."
            case .removed: "The receiver has ended your place in this session."
            case .roomClosed: "The session's room has closed. Please reload."
            case .locked: "The space was locked, so this session's screen has closed."
            }
        }
    }
}

extension Date {
    var milliseconds: Double { (timeIntervalSince1970 * 1000).rounded() }
}
