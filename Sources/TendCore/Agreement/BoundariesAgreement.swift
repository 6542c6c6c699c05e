import Foundation

/// How the receiver wants feedback to flow during touch.
public enum FeedbackStyle: String, Codable, Sendable, CaseIterable {
    /// A pain level from 1 (barely there) to 5 (stop).
    case painScale
    /// "Softer" or "firmer".
    case softerFirmer
}

/// What two people agree before a partner session: the six points of the method, and the shared
/// statement that this is not foreplay and penetration is not expected.
public struct BoundariesAgreement: Codable, Hashable, Sendable {
    /// How long the massage will last, in minutes.
    public var durationMinutes: Int
    /// The positions both find comfortable.
    public var positions: String
    /// How the receiver will signal "pause".
    public var pauseSignal: String
    /// How the receiver will signal "hold still".
    public var holdStillSignal: String
    /// How the receiver will signal "end".
    public var endSignal: String
    /// What the giver may do or say to help the receiver stay present and relaxed.
    public var giverHelp: String
    /// Which feedback the receiver prefers.
    public var feedbackStyle: FeedbackStyle
    /// Anything else that helps the receiver feel safe and cared for.
    public var anythingElse: String
    /// Both have read and agree: this massage is not foreplay, and penetration is not expected.
    public var notForeplayAgreed: Bool
    /// What each pain level means to these two, level 1 first: shown in the agreement, on the pad and
    /// on the giver's screen.
    public var painMeanings: [String]
    /// Whether the giver may ask "ready for the next point?". Off unless the receiver turns it on.
    public var giverMayAskIfReady: Bool
    /// The giver's own limits and needs: their comfort matters too (optional).
    public var giverNeeds: String

    /// Creates an agreement; check it with ``problems()``.
    public init(
        durationMinutes: Int, positions: String, pauseSignal: String, holdStillSignal: String, endSignal: String,
        giverHelp: String, feedbackStyle: FeedbackStyle, anythingElse: String = "", notForeplayAgreed: Bool,
        painMeanings: [String] = BoundariesAgreement.defaultPainMeanings, giverMayAskIfReady: Bool = false,
        giverNeeds: String = ""
    ) {
        self.giverNeeds = giverNeeds
        self.durationMinutes = durationMinutes
        self.positions = positions
        self.pauseSignal = pauseSignal
        self.holdStillSignal = holdStillSignal
        self.endSignal = endSignal
        self.giverHelp = giverHelp
        self.feedbackStyle = feedbackStyle
        self.anythingElse = anythingElse
        self.notForeplayAgreed = notForeplayAgreed
        self.painMeanings = painMeanings
        self.giverMayAskIfReady = giverMayAskIfReady
    }

    /// What the pain levels 1…5 mean until a couple words them their own way.
    public static let defaultPainMeanings = [
        "Barely there. All is well; stay as you are.",
        "Noticeable but fine. Stay, gently.",
        "Uncomfortable. Ease off a little.",
        "Painful. Ease right off and hold still.",
        "Stop. Slowly withdraw and stay close.",
    ]
    /// Longest meaning accepted for one pain level.
    public static let painMeaningLength = 200

    /// What pain level `level` (1–5) means to these two; nil outside the scale.
    public func meaning(ofPainLevel level: Int) -> String? {
        guard Signal.painLevels.contains(level), painMeanings.indices.contains(level - 1) else { return nil }
        return painMeanings[level - 1]
    }

    /// Longest text accepted in any one answer.
    public static let maximumTextLength = 2_000
    /// Shortest and longest session an agreement may name, in minutes.
    public static let durationRange = 10...240

    /// Everything that needs fixing before the agreement can be confirmed, field by field.
    /// Empty when the agreement is complete.
    public func problems() -> [AgreementProblem] {
        var problems: [AgreementProblem] = []
        if !Self.durationRange.contains(durationMinutes) {
            problems.append(.init(field: .durationMinutes, message: "Choose a length between \(Self.durationRange.lowerBound) and \(Self.durationRange.upperBound) minutes."))
        }
        let required: [(AgreementField, String, String)] = [
            (.positions, positions, "Describe at least one position you both find comfortable."),
            (.pauseSignal, pauseSignal, "Agree how the receiver will say \"pause\" — a word, a tap, a hand signal."),
            (.holdStillSignal, holdStillSignal, "Agree how the receiver will say \"hold still\"."),
            (.endSignal, endSignal, "Agree how the receiver will say \"end\". It must always be easy."),
            (.giverHelp, giverHelp, "Write at least one thing the giver can do or say that helps."),
        ]
        for (field, text, message) in required where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(.init(field: field, message: message))
        }
        let texts: [(AgreementField, String)] = [
            (.positions, positions), (.pauseSignal, pauseSignal), (.holdStillSignal, holdStillSignal),
            (.endSignal, endSignal), (.giverHelp, giverHelp), (.anythingElse, anythingElse), (.giverNeeds, giverNeeds),
        ]
        for (field, text) in texts where text.count > Self.maximumTextLength {
            problems.append(.init(field: field, message: "Please keep this under \(Self.maximumTextLength) characters."))
        }
        problems += painMeaningProblems()
        if !notForeplayAgreed {
            problems.append(.init(field: .notForeplayAgreed, message: "Both of you need to agree that this is not foreplay and that penetration is not expected."))
        }
        return problems
    }

    /// One meaning for each pain level, each short and not empty.
    private func painMeaningProblems() -> [AgreementProblem] {
        let levels = Signal.painLevels
        guard painMeanings.count == levels.count else {
            let message = "Give one meaning for each pain level from \(levels.lowerBound) to \(levels.upperBound)."
            return [.init(field: .painMeanings, message: message)]
        }
        return zip(levels, painMeanings).compactMap { level, meaning in
            if meaning.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                let message = "Write a few words for what pain level \(level) means."
                return .init(field: .painMeanings, level: level, message: message)
            }
            if meaning.count > Self.painMeaningLength {
                let limit = Self.painMeaningLength
                let message = "Please keep the meaning of level \(level) to \(limit) characters or fewer."
                return .init(field: .painMeanings, level: level, message: message)
            }
            return nil
        }
    }
}

extension BoundariesAgreement: Validatable {
    /// The first of ``problems()``: an agreement is kept only once it has none.
    public func validate() throws(ValueProblem) {
        guard let problem = problems().first else { return }
        let field = FieldKey(stringValue: problem.field.rawValue)
        guard let level = problem.level else { throw ValueProblem(field, sentence: problem.message) }
        throw ValueProblem(field, FieldKey(intValue: level - 1), sentence: problem.message)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        durationMinutes = try container.decode(Int.self, forKey: .durationMinutes)
        positions = try container.decode(String.self, forKey: .positions)
        pauseSignal = try container.decode(String.self, forKey: .pauseSignal)
        holdStillSignal = try container.decode(String.self, forKey: .holdStillSignal)
        endSignal = try container.decode(String.self, forKey: .endSignal)
        giverHelp = try container.decode(String.self, forKey: .giverHelp)
        feedbackStyle = try container.decode(FeedbackStyle.self, forKey: .feedbackStyle)
        anythingElse = try container.decode(String.self, forKey: .anythingElse)
        notForeplayAgreed = try container.decode(Bool.self, forKey: .notForeplayAgreed)
        // Agreements saved before these two existed take the defaults.
        painMeanings = try container.decodeIfPresent([String].self, forKey: .painMeanings) ?? Self.defaultPainMeanings
        giverMayAskIfReady = try container.decodeIfPresent(Bool.self, forKey: .giverMayAskIfReady) ?? false
        giverNeeds = try container.decodeIfPresent(String.self, forKey: .giverNeeds) ?? ""
        try validate(decodedBy: decoder)
    }
}

/// The parts of an agreement, for pointing at the one that needs attention.
public enum AgreementField: String, Codable, Sendable, CaseIterable {
    case durationMinutes, positions, pauseSignal, holdStillSignal, endSignal, giverHelp, feedbackStyle, anythingElse,
        notForeplayAgreed, painMeanings, giverMayAskIfReady, giverNeeds
}

/// One thing to fix in an agreement.
public struct AgreementProblem: Hashable, Sendable {
    /// Which answer.
    public let field: AgreementField
    /// Which pain level (1–5), for a problem with one of ``BoundariesAgreement/painMeanings``.
    public let level: Int?
    /// What to do about it, in plain words.
    public let message: String

    /// A problem with `field` (and, for pain meanings, `level`).
    init(field: AgreementField, level: Int? = nil, message: String) {
        self.field = field
        self.level = level
        self.message = message
    }
}
