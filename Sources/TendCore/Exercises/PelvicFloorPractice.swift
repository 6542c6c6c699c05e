/// Relaxation-first pelvic-floor practice: a light squeeze, then a long letting-go.
///
/// The squeeze uses only 20–30% of full effort; the release is always at least twice as long,
/// because for a chronically tense muscle the letting-go is the exercise.
public struct PelvicFloorPractice: Codable, Hashable, Sendable {
    /// Seconds of gentle contraction.
    public let contractSeconds: Int
    /// Seconds of release with a long, sighing breath out.
    public let releaseSeconds: Int
    /// Seconds of ordinary breathing between repetitions.
    public let restSeconds: Int
    /// How many times.
    public let repetitions: Int

    /// How hard to squeeze, as a share of full effort.
    public static let effort = 0.2...0.3
    /// The release is at least this many times the contraction.
    public static let minimumReleaseRatio = 2

    /// 3 s light squeeze, 8 s release, 5 s rest, 6 times.
    public static let standard = PelvicFloorPractice(unchecked: 3, release: 8, rest: 5, repetitions: 6)

    private init(unchecked contract: Int, release: Int, rest: Int, repetitions: Int) {
        self.contractSeconds = contract
        self.releaseSeconds = release
        self.restSeconds = rest
        self.repetitions = repetitions
    }

    /// Creates a practice, refusing timings that would make it strength training.
    public init(contractSeconds: Int, releaseSeconds: Int, restSeconds: Int, repetitions: Int) throws(PelvicFloorProblem) {
        guard (1...10).contains(contractSeconds) else { throw .contractOutOfRange }
        guard releaseSeconds >= contractSeconds * Self.minimumReleaseRatio else { throw .releaseTooShort(minimum: contractSeconds * Self.minimumReleaseRatio) }
        guard releaseSeconds <= 60 else { throw .releaseTooLong }
        guard (0...60).contains(restSeconds) else { throw .restOutOfRange }
        guard (1...20).contains(repetitions) else { throw .repetitionsOutOfRange }
        self.init(unchecked: contractSeconds, release: releaseSeconds, rest: restSeconds, repetitions: repetitions)
    }

    /// One step of the practice.
    public enum Step: String, Codable, Sendable {
        case contract, release, rest
    }

    /// The whole practice as steps with their lengths, in order (no rest after the last).
    public var timeline: [(step: Step, seconds: Int)] {
        (0..<repetitions).flatMap { index -> [(step: Step, seconds: Int)] in
            let rest: [(step: Step, seconds: Int)] = index + 1 < repetitions && restSeconds > 0 ? [(.rest, restSeconds)] : []
            return [(.contract, contractSeconds), (.release, releaseSeconds)] + rest
        }
    }

    /// Total length in seconds.
    public var totalSeconds: Int { timeline.reduce(0) { $0 + $1.seconds } }
}

extension PelvicFloorPractice: Validatable {
    /// The same rule as choosing the timings.
    public func validate() throws(ValueProblem) {
        do {
            _ = try PelvicFloorPractice(
                contractSeconds: contractSeconds, releaseSeconds: releaseSeconds, restSeconds: restSeconds,
                repetitions: repetitions)
        } catch {
            let field: FieldKey =
                switch error {
                case .contractOutOfRange: "contractSeconds"
                case .releaseTooShort, .releaseTooLong: "releaseSeconds"
                case .restOutOfRange: "restSeconds"
                case .repetitionsOutOfRange: "repetitions"
                }
            throw ValueProblem(field, sentence: error.message)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        contractSeconds = try container.decode(Int.self, forKey: .contractSeconds)
        releaseSeconds = try container.decode(Int.self, forKey: .releaseSeconds)
        restSeconds = try container.decode(Int.self, forKey: .restSeconds)
        repetitions = try container.decode(Int.self, forKey: .repetitions)
        try validate(decodedBy: decoder)
    }
}

/// Why pelvic-floor timings were not accepted.
public enum PelvicFloorProblem: Error, Hashable, Sendable {
    case contractOutOfRange, releaseTooShort(minimum: Int), releaseTooLong, restOutOfRange, repetitionsOutOfRange

    /// The sentence to show.
    public var message: String {
        switch self {
        case .contractOutOfRange: "Keep the light squeeze between 1 and 10 seconds."
        case .releaseTooShort(let minimum): "Let the release last at least \(minimum) seconds — twice the squeeze. Letting go is the heart of this practice."
        case .releaseTooLong: "Keep each release to a minute or less."
        case .restOutOfRange: "Rest between 0 and 60 seconds."
        case .repetitionsOutOfRange: "Choose between 1 and 20 repetitions."
        }
    }
}
