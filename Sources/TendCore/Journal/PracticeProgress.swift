import Foundation

/// What changed over a stretch of practice: the figures behind the progress page and the report.
/// Computed in Swift from unsealed records; nothing here is stored.
public struct PracticeProgress: Sendable {
    /// How one clock point felt over some sessions.
    public struct PointFigures: Hashable, Sendable {
        /// Times the point was practised.
        public let visits: Int
        /// Mean tension rated there, 0–10, when any was rated.
        public let tension: Double?
        /// Mean pain rated there, 0–10, when any was rated.
        public let pain: Double?
        /// Mean active seconds spent there before moving on: how long it took to release.
        public let releaseSeconds: Double?
    }

    /// One clock point of one gate, recently and in the first weeks.
    public struct PointSummary: Hashable, Sendable {
        public let gate: Int
        public let hour: Int
        public let recent: PointFigures?
        public let early: PointFigures?
        /// Across the whole period looked at.
        public let inPeriod: PointFigures?
    }

    /// One week (Monday to Sunday) of practice and check-ins.
    public struct Week: Hashable, Sendable {
        public let start: Day
        public let sessions: Int
        /// Mean clock points reached per session that week.
        public let pointsReached: Double?
        /// Deepest gate reached that week.
        public let deepestGate: Int?
        /// Mean seconds a point took to release that week.
        public let releaseSeconds: Double?
        /// Mean anxiety and pain per kind of penetration, from that week's check-ins.
        public let experiences: [PenetrationType: MeanExperience]
    }

    public struct MeanExperience: Hashable, Sendable {
        public let anxiety: Double?
        public let pain: Double?
        public let days: Int
    }

    /// Comfort in one cycle phase, across the period looked at.
    public struct PhaseComfort: Hashable, Sendable {
        public let phase: CyclePhase
        /// Days with a session or a check-in in this phase.
        public let days: Int
        /// Mean pain rated at clock points in sessions.
        public let sessionPain: Double?
        /// Mean pain from check-ins (any kind of penetration tried).
        public let checkInPain: Double?
        /// Mean body tension from check-ins.
        public let bodyTension: Double?
    }

    /// A gentle marker, in plain words. Never a streak.
    public struct Milestone: Hashable, Sendable {
        public let day: Day
        public let words: String
    }

    public let from: Day
    public let to: Day
    /// Sessions in the period.
    public let sessionCount: Int
    /// Days with at least one session in the period.
    public let practiceDays: Int
    public let points: [PointSummary]
    public let weeks: [Week]
    public let comfortByPhase: [PhaseComfort]
    /// Every milestone reached so far (not only in the period), newest first.
    public let milestones: [Milestone]
    /// The first weeks, compared on the clock-face map with the recent ones when the two do not overlap.
    public let earlyWindow: ClosedRange<Day>?

    /// Days in each window of the clock-face comparison.
    public static let windowDays = 28
}

extension PracticeProgress {
    /// A visit to one clock point in one session.
    struct PointVisit {
        let day: Day
        let gate: Int
        let hour: Int
        let tension: Int?
        let pain: Int?
        let seconds: TimeInterval
    }

    /// Works out progress for `from...to` from everything the person has recorded.
    ///
    /// `program` is the method's own, whose gates lay out the clock-face map. A session that
    /// followed another programme (one a practitioner offered) is read through that programme,
    /// found by its identifier in `followed`; one whose programme is in neither adds no points.
    public init(
        sessions: [SessionDigest], checkIns: [CheckIn], cycle: CycleRecord?, program: Program, followed: [Program] = [],
        from: Day, to: Day, timeZone: TimeZone = .current
    ) {
        // A period given back to front is read the right way round rather than trapped on.
        let (from, to) = from <= to ? (from, to) : (to, from)
        var programs = Dictionary(followed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        programs[program.id] = program
        let visits = sessions.flatMap { session in
            programs[session.programID].map { Self.visits(in: session, program: $0, timeZone: timeZone) } ?? []
        }
        let sessionDays = sessions.compactMap { $0.startedAt.map { Day($0, in: timeZone) } }
        let firstDay = sessionDays.min()

        self.from = from
        self.to = to
        let inPeriod = sessions.filter { session in
            session.startedAt.map { (from...to).contains(Day($0, in: timeZone)) } ?? false
        }
        self.sessionCount = inPeriod.count
        self.practiceDays = Set(inPeriod.compactMap { $0.startedAt.map { Day($0, in: timeZone) } }).count

        let recent = (to - (Self.windowDays - 1))...to
        let early = firstDay.map { $0...($0 + (Self.windowDays - 1)) }
        self.earlyWindow = early.flatMap { $0.upperBound < recent.lowerBound ? $0 : nil }
        self.points = Self.pointSummaries(visits, program: program, recent: recent, early: earlyWindow, period: from...to)

        let periodCheckIns = checkIns.filter { (from...to).contains($0.day) }
        let periodVisits = visits.filter { (from...to).contains($0.day) }
        self.weeks = Self.weeks(sessions: inPeriod, visits: periodVisits, checkIns: periodCheckIns, from: from, to: to, timeZone: timeZone)
        self.comfortByPhase = Self.comfort(visits: periodVisits, checkIns: periodCheckIns, cycle: cycle)
        self.milestones = Self.milestones(sessions: sessions, visits: visits, checkIns: checkIns, program: program, timeZone: timeZone)
    }

    static func visits(in session: SessionDigest, program: Program, timeZone: TimeZone) -> [PointVisit] {
        session.visits.compactMap { visit in
            guard let point = program.clockPoint(at: .point(gate: visit.gate, step: visit.step)) else { return nil }
            return PointVisit(
                day: Day(visit.enteredAt, in: timeZone), gate: visit.gate, hour: point.hour, tension: visit.tension,
                pain: visit.pain, seconds: visit.seconds)
        }
    }

    static func figures(_ visits: [PointVisit]) -> PointFigures? {
        guard !visits.isEmpty else { return nil }
        return PointFigures(
            visits: visits.count, tension: mean(visits.compactMap(\.tension)), pain: mean(visits.compactMap(\.pain)),
            releaseSeconds: mean(visits.map(\.seconds)))
    }

    static func pointSummaries(
        _ visits: [PointVisit], program: Program, recent: ClosedRange<Day>, early: ClosedRange<Day>?, period: ClosedRange<Day>
    ) -> [PointSummary] {
        let byPoint = Dictionary(grouping: visits) { [$0.gate, $0.hour] }
        // The method's own points first, in its order; then any other point a programme led to.
        let laidOut = program.gates.flatMap { gate in gate.points.map { [gate.number, $0.hour] } }
        let others = Set(byPoint.keys).subtracting(laidOut).sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        return (laidOut + others).map { key in
            let here = byPoint[key] ?? []
            return PointSummary(
                gate: key[0], hour: key[1], recent: figures(here.filter { recent.contains($0.day) }),
                early: early.flatMap { window in figures(here.filter { window.contains($0.day) }) },
                inPeriod: figures(here.filter { period.contains($0.day) }))
        }
    }

    static func weeks(
        sessions: [SessionDigest], visits: [PointVisit], checkIns: [CheckIn], from: Day, to: Day, timeZone: TimeZone
    ) -> [Week] {
        func weekStart(_ day: Day) -> Day { day - (Weekday(of: day).rawValue - 1) }
        let sessionsByWeek = Dictionary(grouping: sessions) { weekStart(Day($0.startedAt ?? $0.createdAt, in: timeZone)) }
        let visitsByWeek = Dictionary(grouping: visits) { weekStart($0.day) }
        let checkInsByWeek = Dictionary(grouping: checkIns) { weekStart($0.day) }
        return stride(from: weekStart(from).number, through: to.number, by: 7).map { number in
            let start = Day(number: number)
            let weekSessions = sessionsByWeek[start] ?? []
            let weekVisits = visitsByWeek[start] ?? []
            let weekCheckIns = checkInsByWeek[start] ?? []
            var experiences: [PenetrationType: MeanExperience] = [:]
            for kind in PenetrationType.allCases {
                let tried = weekCheckIns.compactMap { $0.tried[kind] }
                guard !tried.isEmpty else { continue }
                experiences[kind] = MeanExperience(
                    anxiety: mean(tried.compactMap(\.anxiety)), pain: mean(tried.compactMap(\.pain)), days: tried.count)
            }
            return Week(
                start: start, sessions: weekSessions.count,
                pointsReached: mean(weekSessions.map(\.pointGates.count)),
                deepestGate: weekVisits.map(\.gate).max(), releaseSeconds: mean(weekVisits.map(\.seconds)), experiences: experiences)
        }
    }

    static func comfort(visits: [PointVisit], checkIns: [CheckIn], cycle: CycleRecord?) -> [PhaseComfort] {
        guard let cycle else { return [] }
        var phaseOf: [Day: CyclePhase] = [:]
        func phase(_ day: Day) -> CyclePhase? {
            if let known = phaseOf[day] { return known }
            guard case .success(let estimate) = cycle.estimate(on: day) else { return nil }
            phaseOf[day] = estimate.phase
            return estimate.phase
        }
        var visitsByPhase: [CyclePhase: [PointVisit]] = [:]
        for visit in visits {
            if let known = phase(visit.day) { visitsByPhase[known, default: []].append(visit) }
        }
        var checkInsByPhase: [CyclePhase: [CheckIn]] = [:]
        for checkIn in checkIns {
            if let known = phase(checkIn.day) { checkInsByPhase[known, default: []].append(checkIn) }
        }
        return CyclePhase.allCases.compactMap { phase in
            let phaseVisits = visitsByPhase[phase] ?? []
            let phaseCheckIns = checkInsByPhase[phase] ?? []
            let days = Set(phaseVisits.map(\.day)).union(phaseCheckIns.map(\.day)).count
            guard days > 0 else { return nil }
            return PhaseComfort(
                phase: phase, days: days, sessionPain: mean(phaseVisits.compactMap(\.pain)),
                checkInPain: mean(phaseCheckIns.flatMap { $0.tried.values.compactMap(\.pain) }),
                bodyTension: mean(phaseCheckIns.compactMap(\.bodyTension)))
        }
    }

    /// Pain at or below this, with something tried, counts as "felt comfortable".
    static let comfortablePain = 2

    static func milestones(
        sessions: [SessionDigest], visits: [PointVisit], checkIns: [CheckIn], program: Program, timeZone: TimeZone
    ) -> [Milestone] {
        var found: [Milestone] = []
        let started = sessions.compactMap { $0.startedAt.map { Day($0, in: timeZone) } }
        if let first = started.min() { found.append(Milestone(day: first, words: "Your first practice session")) }
        // Comfort and choice, never depth or completion: a point that softened with little or no
        // pain, and a session closed early because the person chose to.
        let softened = visits.filter { ($0.pain ?? Int.max) <= comfortablePain && ($0.tension ?? Int.max) <= comfortablePain }
        if let first = softened.map(\.day).min() {
            found.append(Milestone(day: first, words: "A point that softened and felt comfortable"))
        }
        let chosen = sessions.filter { $0.closing == .enoughForToday }.compactMap { $0.startedAt.map { Day($0, in: timeZone) } }
        if let first = chosen.min() {
            found.append(Milestone(day: first, words: "You stopped when you chose to: a whole session"))
        }
        for kind in PenetrationType.allCases {
            let comfortable = checkIns.filter { ($0.tried[kind]?.pain).map { $0 <= comfortablePain } ?? false }.map(\.day)
            if let first = comfortable.min() {
                found.append(Milestone(day: first, words: "\(kind.label) felt comfortable"))
            }
        }
        return found.sorted { ($0.day, $0.words) > ($1.day, $1.words) }
    }

    static func mean(_ values: [Int]) -> Double? {
        // Summed as doubles, so no run of values can overflow.
        mean(values.map(Double.init))
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
