import Foundation

/// A practice programme: the phases of a session, their guidance, and the clock-face gates.
///
/// Programmes are data. The standard one ships as `standard-program.json`; a practitioner may
/// author others. Always obtain one through ``Program/decode(_:)`` so it has been validated.
public struct Program: Codable, Hashable, Sendable {
    /// The only file format this build understands.
    public static let supportedFormat = 1

    /// File format number, so old files are recognised rather than misread.
    public let format: Int
    /// Stable identifier, e.g. "standard".
    public let id: String
    /// Name shown to people.
    public let name: String
    /// The phases of a session, in order. The last one is always `close`.
    public let phases: [PhaseGuide]
    /// How long the warm-up is suggested to last. A suggestion, never enforced.
    public let warmUp: WarmUpGuide
    /// How long to stay on one clock point. A suggestion, never enforced.
    public let dwell: DwellGuide
    /// The gates of the clock face, shallowest first.
    public let gates: [Gate]

    /// Creates a programme without validating it; call ``validate()`` before use.
    public init(
        format: Int = Program.supportedFormat, id: String, name: String, phases: [PhaseGuide],
        warmUp: WarmUpGuide, dwell: DwellGuide, gates: [Gate]
    ) {
        self.format = format
        self.id = id
        self.name = name
        self.phases = phases
        self.warmUp = warmUp
        self.dwell = dwell
        self.gates = gates
    }

    /// The guide for a phase, if this programme includes it.
    public func guide(for phase: Phase) -> PhaseGuide? {
        phases.first { $0.phase == phase }
    }

    /// The gate with this number, if any.
    public func gate(_ number: Int) -> Gate? {
        gates.first { $0.number == number }
    }
}

/// What a person reads during one phase.
public struct PhaseGuide: Codable, Hashable, Sendable {
    /// Which phase this guides.
    public let phase: Phase
    /// A short title.
    public let title: String
    /// A few warm, plain sentences.
    public let guidance: String

    /// Creates a phase guide.
    public init(phase: Phase, title: String, guidance: String) {
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
