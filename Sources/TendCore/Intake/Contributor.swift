import Foundation

/// Something that may have played a part in the pain: the list the intake offers to tick.
///
/// An intake keeps the ticked answers as their labels (`Intake.contributors`), so a label already in use is never
/// reworded in place: add the old words to `formerLabels` first, or stored intakes stop being recognised.
public enum Contributor: String, Codable, Sendable, CaseIterable {
    case frighteningExperience, forcedOrPressured, anxiety, infection, birth, surgery, menopause, medicineChange,
        unknown

    /// How Tend offers it on the form; also the words stored in `Intake.contributors`.
    public var label: String {
        switch self {
        case .frighteningExperience: "A frightening or painful experience"
        case .forcedOrPressured: "Being forced or pressured"
        case .anxiety: "Anxiety"
        case .infection: "An infection or STI"
        case .birth: "Giving birth"
        case .surgery: "Surgery"
        case .menopause: "Menopause"
        case .medicineChange: "Starting, stopping or changing a medicine (including contraception)"
        case .unknown: "I don't know"
        }
    }

    /// Words this contributor was offered with before, still recognised in stored intakes.
    static let formerLabels: [String: Contributor] = [:]

    /// A change in the body around when the pain began, after which other, treatable causes are common.
    public var isChangeInTheBody: Bool {
        switch self {
        case .infection, .birth, .surgery, .menopause, .medicineChange: true
        case .frighteningExperience, .forcedOrPressured, .anxiety, .unknown: false
        }
    }

    /// Something that may have been frightening or not freely chosen: a reason for a trauma-aware note.
    public var mayBeTraumatic: Bool {
        self == .forcedOrPressured || self == .frighteningExperience
    }

    /// The contributor a stored answer names (by its label, a former label or its raw value); nil for own words.
    public init?(answer: String) {
        let trimmed = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard
            let found = Self.allCases.first(where: { $0.label == trimmed || $0.rawValue == trimmed })
                ?? Self.formerLabels[trimmed]
        else { return nil }
        self = found
    }
}
