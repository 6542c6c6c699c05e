import Foundation

/// A practice programme: the phases of a session, their guidance, and the clock-face gates.
///
/// Programmes are data. The standard one ships as `standard-program.json`; a practitioner may
/// author others. Always obtain one through ``Program/decode(_:)`` so it has been validated.
/// Every text a person reads during a session is written three times, once for each
/// ``Participant``: someone practising alone, the receiver, and the giver.
public struct Program: Codable, Hashable, Sendable {
    /// The only file format this build understands.
    public static let supportedFormat = 2

    /// File format number, so old files are recognised rather than misread.
    public let format: Int
    /// Stable identifier, e.g. "standard".
    public let id: String
    /// Name shown to people.
    public let name: String
    /// The phases of a session, in order. The last one is always `close`.
    public let phases: [PhaseGuide]
    /// The short lines shown beside the guidance (captions, the line for each point).
    public let lines: [SessionLine: AudienceText]
    /// How long the warm-up is suggested to last. A suggestion, never enforced.
    public let warmUp: WarmUpGuide
    /// How long to stay on one clock point. A suggestion, never enforced.
    public let dwell: DwellGuide
    /// The gates of the clock face, shallowest first.
    public let gates: [Gate]

    /// Creates a programme without validating it; call ``validate()`` before use.
    public init(
        format: Int = Program.supportedFormat, id: String, name: String, phases: [PhaseGuide],
        lines: [SessionLine: AudienceText], warmUp: WarmUpGuide, dwell: DwellGuide, gates: [Gate]
    ) {
        self.format = format
        self.id = id
        self.name = name
        self.phases = phases
        self.lines = lines
        self.warmUp = warmUp
        self.dwell = dwell
        self.gates = gates
    }

    /// The same programme under another identifier: a programme a person takes on is kept under
    /// an identifier of their own, so it can never be mistaken for another with the same `id`.
    public func identified(as id: String) -> Program {
        Program(format: format, id: id, name: name, phases: phases, lines: lines, warmUp: warmUp, dwell: dwell, gates: gates)
    }

    /// The title and guidance of a phase, worded for `audience`; nil if this programme leaves the phase out.
    public func guide(for phase: Phase, audience: Participant) -> (title: String, guidance: String)? {
        guard let guide = phases.first(where: { $0.phase == phase }) else { return nil }
        return (filled(guide.title[audience]), filled(guide.guidance[audience]))
    }

    /// One short line worded for `audience`, its numbers filled in; pass `hour` for ``SessionLine/pointPress``.
    public func text(_ line: SessionLine, for audience: Participant, hour: Int? = nil) -> String {
        filled(lines[line]?[audience] ?? "", hour: hour)
    }

    /// The gate with this number, if any.
    public func gate(_ number: Int) -> Gate? {
        gates.first { $0.number == number }
    }

    /// `text` with its placeholders replaced by this programme's numbers (and the hour, when given).
    func filled(_ text: String, hour: Int? = nil) -> String {
        guard text.contains("{") else { return text }
        var result = text
        for placeholder in Placeholder.allCases {
            let value: String? =
                switch placeholder {
                case .hour: hour.map(String.init)
                case .warmUpMinutes: "\(warmUp.suggestedMinutes)"
                case .dwellMinutes: "\(dwell.minMinutes)–\(dwell.maxMinutes)"
                }
            if let value { result = result.replacingOccurrences(of: placeholder.token, with: value) }
        }
        return result
    }
}

/// The short lines of a session that sit beside a phase's guidance.
public enum SessionLine: String, Codable, CodingKeyRepresentable, CaseIterable, Sendable {
    /// On a clock point: pressing toward it. Must contain `{hour}`.
    case pointPress
    /// On the return to six: sliding slowly back round.
    case returnToSix
    /// Under the timer on a clock point: how long people usually stay.
    case dwellCaption
    /// Under the warm-up timer.
    case warmUpCaption
    /// Under the timer while holding with a full hand.
    case fullHandCaption
    /// Under the timer while resting at the entrance.
    case entranceCaption
    /// The pause after each gate, where stopping is a whole session.
    case gateCheckIn
}

/// The numbers a text may name as `{name}`, filled in from the programme (and the hour of a point).
enum Placeholder: String, CaseIterable {
    /// The hour of the clock point, only in ``SessionLine/pointPress``.
    case hour
    /// The suggested warm-up, e.g. "30".
    case warmUpMinutes
    /// The suggested time on a point, e.g. "3–5".
    case dwellMinutes

    /// How it is written in a text.
    var token: String { "{\(rawValue)}" }
}

/// One text, written for each person who may read it.
public struct AudienceText: Codable, Hashable, Sendable {
    /// For someone practising alone. Never mentions a partner.
    public let alone: String
    /// For the person receiving touch in a partner session.
    public let receiver: String
    /// For the person offering touch in a partner session. Never moves the receiver on.
    public let giver: String

    /// Creates a text in its three versions.
    public init(alone: String, receiver: String, giver: String) {
        self.alone = alone
        self.receiver = receiver
        self.giver = giver
    }

    /// The version for `audience`.
    public subscript(_ audience: Participant) -> String {
        switch audience {
        case .alone: alone
        case .receiver: receiver
        case .giver: giver
        }
    }
}

/// What a person reads during one phase.
public struct PhaseGuide: Codable, Hashable, Sendable {
    /// Which phase this guides.
    public let phase: Phase
    /// A short title, for each audience.
    public let title: AudienceText
    /// A few warm, plain sentences, for each audience.
    public let guidance: AudienceText

    /// Creates a phase guide.
    public init(phase: Phase, title: AudienceText, guidance: AudienceText) {
        self.phase = phase
        self.title = title
        self.guidance = guidance
    }
}

/// The suggested length of the warm-up.
public struct WarmUpGuide: Codable, Hashable, Sendable {
    /// Suggested minutes of full-body massage before any genital touch.
    public let suggestedMinutes: Int

    /// Creates a warm-up guide.
    public init(suggestedMinutes: Int) {
        self.suggestedMinutes = suggestedMinutes
    }
}

/// The suggested time on each clock point: a range, and "or more" is always fine.
public struct DwellGuide: Codable, Hashable, Sendable {
    /// The lower end of the suggestion, in minutes.
    public let minMinutes: Int
    /// The upper end of the suggestion, in minutes.
    public let maxMinutes: Int

    /// Creates a dwell guide.
    public init(minMinutes: Int, maxMinutes: Int) {
        self.minMinutes = minMinutes
        self.maxMinutes = maxMinutes
    }
}
