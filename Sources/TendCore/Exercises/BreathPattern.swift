/// One half of a breath.
public enum BreathPhase: String, Codable, Sendable {
    /// In through the nose.
    case inhale
    /// Out through the mouth, soft jaw, perhaps a sigh or hum.
    case exhale
}

/// A paced breath: in through the nose, out longer through the mouth.
public struct BreathPattern: Codable, Hashable, Sendable {
    /// Seconds breathing in.
    public let inhaleSeconds: Double
    /// Seconds breathing out.
    public let exhaleSeconds: Double
    /// Whether to cue a hum or sigh on the exhale.
    public let humCue: Bool

    /// The default: 4 seconds in, 6 out.
    public static let standard = BreathPattern(unchecked: 4, exhale: 6, humCue: false)
    /// Each half may last this long, in seconds.
    public static let allowedSeconds = 2.0...15.0

    private init(unchecked inhale: Double, exhale: Double, humCue: Bool) {
        self.inhaleSeconds = inhale
        self.exhaleSeconds = exhale
        self.humCue = humCue
    }

    /// Creates a pattern. The exhale must be at least as long as the inhale — a longer exhale is
    /// what shifts the body toward rest — unless the person knowingly chooses otherwise.
    public init(inhale: Double, exhale: Double, humCue: Bool = false, allowShorterExhale: Bool = false) throws(BreathPatternProblem) {
        guard Self.allowedSeconds.contains(inhale) else { throw .outOfRange(.inhale) }
        guard Self.allowedSeconds.contains(exhale) else { throw .outOfRange(.exhale) }
        guard exhale >= inhale || allowShorterExhale else { throw .exhaleShorterThanInhale }
        self.init(unchecked: inhale, exhale: exhale, humCue: humCue)
    }

    /// Seconds in one whole breath.
    public var cycleSeconds: Double { inhaleSeconds + exhaleSeconds }

    /// Where in the breath a moment falls: the phase and how far through it (0 to 1).
    public func phase(atElapsed seconds: Double) -> (phase: BreathPhase, progress: Double) {
        let into = seconds.truncatingRemainder(dividingBy: cycleSeconds)
        let position = into < 0 ? into + cycleSeconds : into
        if position < inhaleSeconds {
            return (.inhale, position / inhaleSeconds)
        }
        return (.exhale, (position - inhaleSeconds) / exhaleSeconds)
    }
}

extension BreathPattern: Validatable {
    /// The same rule as creating one, with a shorter exhale allowed: a stored one was chosen knowingly.
    public func validate() throws(ValueProblem) {
        do {
            _ = try BreathPattern(
                inhale: inhaleSeconds, exhale: exhaleSeconds, humCue: humCue, allowShorterExhale: true)
        } catch {
            let field: FieldKey = error == .outOfRange(.inhale) ? "inhaleSeconds" : "exhaleSeconds"
            throw ValueProblem(field, sentence: error.message)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inhaleSeconds = try container.decode(Double.self, forKey: .inhaleSeconds)
        exhaleSeconds = try container.decode(Double.self, forKey: .exhaleSeconds)
        humCue = try container.decode(Bool.self, forKey: .humCue)
        try validate(decodedBy: decoder)
    }
}

/// Why a breath pattern was not accepted.
public enum BreathPatternProblem: Error, Hashable, Sendable {
    case outOfRange(BreathPhase)
    case exhaleShorterThanInhale

    /// The sentence to show.
    public var message: String {
        switch self {
        case .outOfRange(let phase):
            "Choose between \(Int(BreathPattern.allowedSeconds.lowerBound)) and \(Int(BreathPattern.allowedSeconds.upperBound)) seconds for the \(phase == .inhale ? "in-breath" : "out-breath")."
        case .exhaleShorterThanInhale:
            "The out-breath is usually at least as long as the in-breath: that is what helps the body settle. Tick the box if you want it shorter anyway."
        }
    }
}
