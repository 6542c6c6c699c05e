import Foundation

/// Where a person is in life, as far as hormones are concerned.
public enum LifeStage: String, Codable, Sendable, CaseIterable {
    case cycling, pregnant, afterBirth, perimenopause, menopause

    /// How Tend names it to a person.
    public var label: String {
        switch self {
        case .cycling: "Having periods"
        case .pregnant: "Pregnant"
        case .afterBirth: "After giving birth"
        case .perimenopause: "Perimenopause (periods changing)"
        case .menopause: "After menopause"
        }
    }
}

/// Contraception, as far as it bears on the cycle.
public enum Contraception: String, Codable, Sendable, CaseIterable {
    case none, combinedPill, progestogenOnlyPill, hormonalCoil, copperCoil, implant, injection, ringOrPatch, barrier, other

    /// How Tend names it to a person.
    public var label: String {
        switch self {
        case .none: "None"
        case .combinedPill: "Combined pill"
        case .progestogenOnlyPill: "Progestogen-only pill (mini pill)"
        case .hormonalCoil: "Hormonal coil (IUS)"
        case .copperCoil: "Copper coil (IUD)"
        case .implant: "Implant"
        case .injection: "Injection"
        case .ringOrPatch: "Ring or patch"
        case .barrier: "Condoms or another barrier"
        case .other: "Something else"
        }
    }

    /// Whether it usually stops ovulation and replaces the natural rise and fall of hormones, so phases cannot be told.
    public var evensOutTheCycle: Bool {
        switch self {
        case .combinedPill, .implant, .injection, .ringOrPatch: true
        case .none, .progestogenOnlyPill, .hormonalCoil, .copperCoil, .barrier, .other: false
        }
    }

    /// Whether many people using it still ovulate, but less predictably: a phase is estimated, flagged as less certain.
    public var makesTheCycleLessCertain: Bool {
        self == .hormonalCoil || self == .progestogenOnlyPill
    }

    /// "With the combined pill", as a sentence begins.
    var withPhrase: String {
        switch self {
        case .none: "Without contraception"
        case .combinedPill: "With the combined pill"
        case .progestogenOnlyPill: "With a mini pill"
        case .hormonalCoil: "With a hormonal coil"
        case .copperCoil: "With a copper coil"
        case .implant: "With an implant"
        case .injection: "With the injection"
        case .ringOrPatch: "With a ring or patch"
        case .barrier: "With condoms or another barrier"
        case .other: "With your contraception"
        }
    }
}

/// The four phases of a menstrual cycle.
public enum CyclePhase: String, Codable, Sendable, CaseIterable {
    case menstrual, follicular, ovulatory, luteal

    /// How Tend names it to a person.
    public var label: String {
        switch self {
        case .menstrual: "Period"
        case .follicular: "After the period (follicular)"
        case .ovulatory: "Around ovulation"
        case .luteal: "Before the period (luteal)"
        }
    }
}

/// What the person tells Tend about their cycle.
public struct CycleRecord: Codable, Hashable, Sendable {
    /// Days a period began, oldest first, each once.
    public private(set) var periodStarts: [Day]
    /// The contraception in use, as far as it bears on the cycle.
    public var contraception: Contraception
    /// Where the person is in life, as far as hormones are concerned.
    public var lifeStage: LifeStage
    /// After a birth: the day periods came back, counted as a period start; nil while they have not (or not said).
    public var periodsReturned: Day?

    /// A record from what the person has said; period starts are tidied to oldest first, each once.
    public init(
        periodStarts: [Day] = [], contraception: Contraception = .none, lifeStage: LifeStage = .cycling,
        periodsReturned: Day? = nil
    ) {
        self.periodStarts = Array(Set(periodStarts)).sorted()
        self.contraception = contraception
        self.lifeStage = lifeStage
        self.periodsReturned = periodsReturned
    }

    /// Decoding goes through the same tidying as creating: oldest first, each day once. Records kept before
    /// `periodsReturned` existed read as "not said".
    public init(from decoder: any Decoder) throws {
        enum Keys: String, CodingKey { case periodStarts, contraception, lifeStage, periodsReturned }
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            periodStarts: try container.decode([Day].self, forKey: .periodStarts),
            contraception: try container.decode(Contraception.self, forKey: .contraception),
            lifeStage: try container.decode(LifeStage.self, forKey: .lifeStage),
            periodsReturned: try container.decodeIfPresent(Day.self, forKey: .periodsReturned))
    }

    /// Logs the day a period began (once).
    public mutating func addPeriodStart(_ day: Day) {
        guard !periodStarts.contains(day) else { return }
        periodStarts.append(day)
        periodStarts.sort()
    }

    /// Forgets a logged period start.
    public mutating func removePeriodStart(_ day: Day) {
        periodStarts.removeAll { $0 == day }
    }
}

/// Tend's reading of one day of the cycle. Always an estimate; `basis` says from what.
public struct CycleDay: Hashable, Sendable {
    /// Where the estimate comes from.
    public enum Basis: Hashable, Sendable {
        /// The person's own logged cycles (how many gaps between period starts were used).
        case ownHistory(cycles: Int)
        /// Too few cycles logged yet: a typical 28-day cycle is assumed.
        case typicalCycle
    }

    /// Why an estimate is less certain than usual.
    public enum Uncertainty: Hashable, Sendable {
        /// A hormonal coil or mini pill: many people still ovulate, but not always, and bleeding may change.
        case contraception(Contraception)
        /// The first cycles after a birth are often irregular.
        case afterBirth

        /// The plain sentence saying so.
        public var explanation: String {
            switch self {
            case .contraception(.hormonalCoil):
                "With a hormonal coil most people still ovulate, but periods can become lighter, irregular or stop, so this is less certain than usual."
            case .contraception(.progestogenOnlyPill):
                "With a mini pill many people still ovulate, especially on the older types (with desogestrel it usually stops), and bleeding can be irregular, so this is less certain than usual."
            case .contraception(let kind):
                "\(kind.withPhrase), ovulation may or may not happen as usual, so this is less certain than usual."
            case .afterBirth:
                "The first cycles after a birth are often irregular, and breastfeeding can change them, so this is less certain than usual."
            }
        }
    }

    /// Day 1 is the day the period began.
    public let cycleDay: Int
    /// The phase that day probably falls in.
    public let phase: CyclePhase
    /// The cycle length used, in days.
    public let cycleLength: Int
    /// What the estimate is based on.
    public let basis: Basis
    /// Why it is less certain than usual, if it is; empty otherwise.
    public let uncertainties: [Uncertainty]

    /// Whether something makes the estimate less certain than usual.
    public var isLessCertain: Bool { !uncertainties.isEmpty }

    /// The plain sentences shown beside the estimate.
    public var explanation: String {
        let base =
            switch basis {
            case .ownHistory(let cycles):
                "An estimate from your last \(cycles == 1 ? "cycle" : "\(cycles) cycles") (about \(cycleLength) days)."
            case .typicalCycle:
                "An estimate from a typical 28-day cycle; it becomes yours once you have logged a few period starts."
            }
        return ([base] + uncertainties.map(\.explanation)).joined(separator: " ")
    }
}

/// Why Tend gives no cycle phase for a day.
public enum NoCycleEstimate: Error, Hashable, Sendable {
    /// No period start is logged yet.
    case noPeriodLogged
    /// The day is before the first logged period start.
    case beforeFirstLoggedPeriod
    /// Contraception that usually stops ovulation (combined pill, implant, injection, ring or patch).
    case hormonalContraception(Contraception)
    /// Pregnancy or after menopause: no monthly cycle.
    case lifeStage(LifeStage)
    /// After a birth, periods have not come back yet (as far as Tend has been told).
    case periodsNotBackYet
    /// Longer since the last logged start than this person's cycles usually run.
    case longerThanUsual(days: Int)

    /// The plain sentence shown instead of an estimate.
    public var explanation: String {
        switch self {
        case .noPeriodLogged:
            "Log the day a period starts and Tend can estimate where you are in your cycle."
        case .beforeFirstLoggedPeriod:
            "This day is before the first period start you logged."
        case .hormonalContraception(let kind):
            "\(kind.withPhrase), ovulation usually stops and the hormones usually stay even through the month, so Tend does not guess a phase."
        case .periodsNotBackYet:
            "After a birth, periods can come back within weeks or take many months, especially while breastfeeding. Yours have not come back yet, as far as Tend knows; when they do, tell Tend the day and it will estimate from there."
        case .lifeStage(let stage):
            "\(stage.label): there is no monthly cycle to follow just now, so Tend does not guess a phase."
        case .longerThanUsual(let days):
            "It has been \(days) days since the last period start you logged — longer than usual. A period may not have been logged yet."
        }
    }
}

extension CycleRecord {
    /// A typical cycle, used until the person's own is known.
    static let typicalLength = 28
    /// Days a period is assumed to last.
    static let periodLength = 5
    /// Days from ovulation to the next period: steadier than the rest of the cycle.
    static let lutealLength = 14
    /// Gaps between starts outside this range are treated as a missed log, not a cycle.
    static let plausibleCycle = 18...45
    /// How many recent cycles the estimate follows.
    static let cyclesConsidered = 6

    /// The cycle length from the person's own history (median of recent plausible gaps), and how
    /// many gaps it used; nil when fewer than two period starts are logged.
    func ownCycleLength(before day: Day) -> (length: Int, cycles: Int)? {
        let starts = periodStarts.filter { $0 <= day }
        let gaps = zip(starts, starts.dropFirst()).map { $1 - $0 }.filter(Self.plausibleCycle.contains).suffix(Self.cyclesConsidered)
        guard !gaps.isEmpty else { return nil }
        let sorted = gaps.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle] + 1) / 2
        return (median, gaps.count)
    }

    /// The period starts an estimate may use: after a birth, only from the day periods came back (which counts as
    /// one); nil while they have not come back by `day`.
    func startsToFollow(on day: Day) -> [Day]? {
        guard lifeStage == .afterBirth else { return periodStarts }
        guard let returned = periodsReturned, returned <= day else { return nil }
        return Array(Set(periodStarts.filter { $0 >= returned } + [returned])).sorted()
    }

    /// Where `day` falls in the cycle, or why Tend will not say.
    public func estimate(on day: Day) -> Result<CycleDay, NoCycleEstimate> {
        switch lifeStage {
        case .pregnant, .menopause: return .failure(.lifeStage(lifeStage))
        case .cycling, .perimenopause, .afterBirth: break
        }
        if contraception.evensOutTheCycle { return .failure(.hormonalContraception(contraception)) }
        guard let starts = startsToFollow(on: day) else { return .failure(.periodsNotBackYet) }
        let following = CycleRecord(periodStarts: starts, contraception: contraception, lifeStage: lifeStage)
        guard let first = starts.first else { return .failure(.noPeriodLogged) }
        guard day >= first, let start = starts.last(where: { $0 <= day }) else {
            return .failure(.beforeFirstLoggedPeriod)
        }
        let own = following.ownCycleLength(before: day)
        let length = own?.length ?? Self.typicalLength
        let cycleDay = day - start + 1
        if cycleDay > length + length / 2 { return .failure(.longerThanUsual(days: cycleDay - 1)) }
        let ovulation = max(Self.periodLength + 2, length - Self.lutealLength)
        let phase: CyclePhase =
            switch cycleDay {
            case ...Self.periodLength: .menstrual
            case ..<(ovulation - 2): .follicular
            case ...(ovulation + 1): .ovulatory
            default: .luteal
            }
        var uncertainties: [CycleDay.Uncertainty] = []
        if contraception.makesTheCycleLessCertain { uncertainties.append(.contraception(contraception)) }
        if lifeStage == .afterBirth { uncertainties.append(.afterBirth) }
        return .success(
            CycleDay(
                cycleDay: cycleDay, phase: phase, cycleLength: length,
                basis: own.map { .ownHistory(cycles: $0.cycles) } ?? .typicalCycle, uncertainties: uncertainties))
    }
}
