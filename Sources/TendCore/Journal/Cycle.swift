import Foundation

/// Where a person is in life, as far as hormones are concerned.
public enum LifeStage: String, Codable, Sendable, CaseIterable {
    case cycling, pregnant, afterBirth, perimenopause, menopause

    public var label: String {
        switch self {
        case .cycling: "Having periods"
        case .pregnant: "Pregnant"
        case .afterBirth: "After giving birth (the first year)"
        case .perimenopause: "Perimenopause (periods changing)"
        case .menopause: "After menopause"
        }
    }
}

/// Contraception, as far as it bears on the cycle.
public enum Contraception: String, Codable, Sendable, CaseIterable {
    case none, combinedPill, progestogenOnlyPill, hormonalCoil, copperCoil, implant, injection, ringOrPatch, barrier, other

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

    /// Whether it usually replaces the natural rise and fall of hormones, so phases cannot be told.
    public var evensOutTheCycle: Bool {
        switch self {
        case .combinedPill, .progestogenOnlyPill, .hormonalCoil, .implant, .injection, .ringOrPatch: true
        case .none, .copperCoil, .barrier, .other: false
        }
    }
}

/// The four phases of a menstrual cycle.
public enum CyclePhase: String, Codable, Sendable, CaseIterable {
    case menstrual, follicular, ovulatory, luteal

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
    public var contraception: Contraception
    public var lifeStage: LifeStage

    public init(periodStarts: [Day] = [], contraception: Contraception = .none, lifeStage: LifeStage = .cycling) {
        self.periodStarts = Array(Set(periodStarts)).sorted()
        self.contraception = contraception
        self.lifeStage = lifeStage
    }

    /// Decoding goes through the same tidying as creating: oldest first, each day once.
    public init(from decoder: any Decoder) throws {
        enum Keys: String, CodingKey { case periodStarts, contraception, lifeStage }
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            periodStarts: try container.decode([Day].self, forKey: .periodStarts),
            contraception: try container.decode(Contraception.self, forKey: .contraception),
            lifeStage: try container.decode(LifeStage.self, forKey: .lifeStage))
    }

    public mutating func addPeriodStart(_ day: Day) {
        guard !periodStarts.contains(day) else { return }
        periodStarts.append(day)
        periodStarts.sort()
    }

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

    /// Day 1 is the day the period began.
    public let cycleDay: Int
    public let phase: CyclePhase
    /// The cycle length used, in days.
    public let cycleLength: Int
    public let basis: Basis

    /// The plain sentence shown beside the estimate.
    public var explanation: String {
        switch basis {
        case .ownHistory(let cycles):
            "An estimate from your last \(cycles == 1 ? "cycle" : "\(cycles) cycles") (about \(cycleLength) days)."
        case .typicalCycle:
            "An estimate from a typical 28-day cycle; it becomes yours once you have logged a few period starts."
        }
    }
}

/// Why Tend gives no cycle phase for a day.
public enum NoCycleEstimate: Error, Hashable, Sendable {
    case noPeriodLogged
    case beforeFirstLoggedPeriod
    case hormonalContraception(Contraception)
    case lifeStage(LifeStage)
    /// Longer since the last logged start than this person's cycles usually run.
    case longerThanUsual(days: Int)

    public var explanation: String {
        switch self {
        case .noPeriodLogged:
            "Log the day a period starts and Tend can estimate where you are in your cycle."
        case .beforeFirstLoggedPeriod:
            "This day is before the first period start you logged."
        case .hormonalContraception(let kind):
            "With \(kind.label.lowercased()), hormones usually stay even through the month, so Tend does not guess a phase."
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

    /// Where `day` falls in the cycle, or why Tend will not say.
    public func estimate(on day: Day) -> Result<CycleDay, NoCycleEstimate> {
        switch lifeStage {
        case .pregnant, .afterBirth, .menopause: return .failure(.lifeStage(lifeStage))
        case .cycling, .perimenopause: break
        }
        if contraception.evensOutTheCycle { return .failure(.hormonalContraception(contraception)) }
        guard let first = periodStarts.first else { return .failure(.noPeriodLogged) }
        guard day >= first, let start = periodStarts.last(where: { $0 <= day }) else {
            return .failure(.beforeFirstLoggedPeriod)
        }
        let own = ownCycleLength(before: day)
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
        return .success(CycleDay(cycleDay: cycleDay, phase: phase, cycleLength: length, basis: own.map { .ownHistory(cycles: $0.cycles) } ?? .typicalCycle))
    }
}
