/// What the result says when no rule applies: what the answers show, never that nothing is wrong.
extension Triage {
    /// A gentle paragraph for an intake with no suggestions: what the answers show, where to begin, and that the
    /// person can come back any time.
    public static func noSuggestionsText(for intake: Intake) -> String {
        [
            shown(by: intake), beginning,
            "If something feels wrong to you, seeing a GP is always worth it; you do not need a suggestion from Tend for that.",
            comeBack,
        ]
        .joined(separator: " ")
    }

    /// Said after every result, with or without suggestions.
    public static let comeBack =
        "You can come back to these questions any time: answers change, and what Tend suggests changes with them."

    /// Where to begin when no rule points anywhere in particular.
    static let beginning =
        "None of your answers points to one particular next step, so begin wherever feels right; the warm-up and the still, full-hand holding are a gentle place to start."

    /// One sentence on what the answers show: extent, and the highest pain (or anxiety) rated, with what.
    static func shown(by intake: Intake) -> String {
        let extent =
            switch intake.extent {
            case .partial: "something can go in, though it hurts or feels tight"
            case .total: "nothing can go in at the moment"
            case .unsure: ""
            }
        if let (level, kinds) = highest(\.pain, in: intake) {
            let pain = "pain of \(level == 0 ? "" : "up to ")\(level) out of 10 (\(list(kinds)))"
            return "Your answers show \(extent.isEmpty ? pain : "that \(extent), with \(pain)")."
        }
        if let (level, kinds) = highest(\.anxiety, in: intake) {
            let anxiety =
                "anxiety of \(level == 0 ? "" : "up to ")\(level) out of 10 (\(list(kinds))), and no pain rated"
            return "Your answers show \(extent.isEmpty ? anxiety : "that \(extent), with \(anxiety)")."
        }
        return extent.isEmpty
            ? "You have not rated anything yet, and that is fine: not trying something is a choice too."
            : "Your answers show that \(extent), and you have not rated anything yet."
    }

    /// The highest rating of one kind given, and the kinds of penetration it was given for; nil when none.
    static func highest(_ rating: KeyPath<Experience, Int?>, in intake: Intake) -> (Int, [PenetrationType])? {
        guard let top = intake.experiences.values.compactMap({ $0[keyPath: rating] }).max() else { return nil }
        return (top, PenetrationType.allCases.filter { intake.experiences[$0]?[keyPath: rating] == top })
    }

    /// "with a tampon and at a medical examination".
    static func list(_ kinds: [PenetrationType]) -> String {
        let names = kinds.map(\.inSentence)
        return names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}

extension PenetrationType {
    /// How it reads after a rating: "with a tampon", "at a medical examination".
    var inSentence: String {
        switch self {
        case .tampon: "with a tampon"
        case .cottonBud: "with a cotton bud"
        case .finger: "with a finger"
        case .dilator: "with a dilator"
        case .partner: "with a partner"
        case .medicalExam: "at a medical examination"
        }
    }
}
