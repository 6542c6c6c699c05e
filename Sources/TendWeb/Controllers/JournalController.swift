import Foundation
import Hummingbird
import TendApp
import TendCore
import TendStore
import TendVault

/// Daily check-ins, the cycle, progress and the report for a clinician. All sealed; all figures
/// are worked out here, after unsealing.
struct JournalController {
    let store: any Store
    let clock: TendClock
    let program: Program

    func register(on router: Router<TendRequestContext>) {
        router.get(SiteRoute.journal.pattern, use: journal)
        router.post(SiteRoute.journal.pattern, use: saveCheckIn)
        router.get(SiteRoute.cycle.pattern, use: cycle)
        router.post(SiteRoute.cycle.pattern, use: saveCycleContext)
        router.post(SiteRoute.cyclePeriods.pattern, use: changePeriods)
        router.get(SiteRoute.progress.pattern, use: progress)
        router.get(SiteRoute.report.pattern, use: reportChoices)
        router.get(SiteRoute.reportPrint.pattern, use: report)
    }

    /// Read once per request, so one request never straddles midnight.
    var today: Day { Day(clock.now()) }

    // MARK: - Check-ins

    @Sendable func journal(_ request: Request, context: TendRequestContext) async throws -> Response {
        let today = self.today
        let space = try context.requireSpace()
        let checkIns = try await Journal.checkIns(from: store, space: space)
        let asked = request.uri.queryParameters["day"].flatMap { Day(String($0)) }
        let day = asked.map { min($0, today) } ?? today
        let entry = checkIns.first { $0.day == day } ?? CheckIn(day: day)
        let saved = request.uri.queryParameters["saved"] == "yes"
        let recurring = RecurringPain(sessions: try await PracticeService.digests(from: store, in: space), checkIns: checkIns, today: today)
        return HTMLPage(JournalPages.journal(
            entry: entry, recent: checkIns, today: today, problem: nil, saved: saved, recurring: recurring, chrome: Chrome(context: context)
        )).response()
    }

    @Sendable func saveCheckIn(_ request: Request, context: TendRequestContext) async throws -> Response {
        let today = self.today
        let space = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        let (entry, problem) = Self.checkIn(from: form, today: today)
        if let problem {
            let checkIns = try await Journal.checkIns(from: store, space: space)
            return HTMLPage(
                JournalPages.journal(entry: entry, recent: checkIns, today: today, problem: problem, saved: false, chrome: Chrome(context: context)),
                status: .badRequest
            ).response()
        }
        try await Journal.save(entry, in: store, space: space)
        if form["periodStarted"] == "on" {
            var cycle = try await Journal.cycle(from: store, space: space)
            cycle.addPeriodStart(entry.day)
            try await Journal.save(cycle, in: store, space: space)
        }
        // Saved either way; a practitioner kept up to date hears of it now, or at the next.
        try? await Practitioners.followRecords(in: space, store: store, at: clock.now())
        return Response(status: .seeOther, headers: [.location: SiteRoute.journal.path + "?day=\(entry.day)&saved=yes"])
    }

    /// Reads the check-in form. What cannot be read is reported, never guessed; the entry comes
    /// back as typed so the form can show it again.
    static func checkIn(from form: FormFields, today: Day) -> (CheckIn, problem: String?) {
        var problem: String?
        func number(_ name: String) -> Int? {
            guard let text = form.text(name) else { return nil }
            guard let value = Int(text) else {
                problem = problem ?? "Ratings are whole numbers from 0 to 10."
                return -1
            }
            return value
        }
        let day = form.text("day").flatMap { Day($0) }
        var tried: [PenetrationType: Experience] = [:]
        for kind in PenetrationType.allCases {
            let anxiety = number("anxiety-\(kind.rawValue)")
            let pain = number("pain-\(kind.rawValue)")
            if form["tried-\(kind.rawValue)"] == "on" || anxiety != nil || pain != nil {
                tried[kind] = Experience(anxiety: anxiety, pain: pain)
            }
        }
        let entry = CheckIn(
            day: day ?? today, bodyTension: number("bodyTension"), mood: form["mood"].flatMap(Mood.init(rawValue:)), tried: tried,
            note: form["note"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
        if day == nil { problem = "Please give the day as a date, like \(today)." }
        if let day, day > today { problem = "A check-in is for today or a day gone by, not one still to come." }
        return (entry, problem ?? entry.problem)
    }

    // MARK: - Cycle

    @Sendable func cycle(_ request: Request, context: TendRequestContext) async throws -> Response {
        let today = self.today
        let cycle = try await Journal.cycle(from: store, space: try context.requireSpace())
        return HTMLPage(JournalPages.cycle(cycle, today: today, problem: nil, chrome: Chrome(context: context))).response()
    }

    @Sendable func saveCycleContext(_ request: Request, context: TendRequestContext) async throws -> Response {
        let today = self.today
        let space = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        var cycle = try await Journal.cycle(from: store, space: space)
        guard let stage = form["lifeStage"].flatMap(LifeStage.init(rawValue:)),
            let contraception = form["contraception"].flatMap(Contraception.init(rawValue:))
        else {
            return HTMLPage(
                JournalPages.cycle(cycle, today: today, problem: "Please choose one of the offered answers.", chrome: Chrome(context: context)),
                status: .badRequest
            ).response()
        }
        let returned = form.text("periodsReturned").flatMap { Day($0) }
        if let returned, returned > today {
            return HTMLPage(
                JournalPages.cycle(cycle, today: today, problem: "The day periods came back cannot be in the future.", chrome: Chrome(context: context)),
                status: .badRequest
            ).response()
        }
        cycle.lifeStage = stage
        cycle.contraception = contraception
        cycle.periodsReturned = stage == .afterBirth ? returned : nil
        try await Journal.save(cycle, in: store, space: space)
        return redirect(to: .cycle)
    }

    @Sendable func changePeriods(_ request: Request, context: TendRequestContext) async throws -> Response {
        let today = self.today
        let space = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        var cycle = try await Journal.cycle(from: store, space: space)
        guard let day = form.text("day").flatMap({ Day($0) }), day <= today else {
            return HTMLPage(
                JournalPages.cycle(
                    cycle, today: today, problem: "Please give the day the period started as a date that has come, like \(today).",
                    chrome: Chrome(context: context)),
                status: .badRequest
            ).response()
        }
        if form["remove"] == "yes" {
            cycle.removePeriodStart(day)
        } else {
            cycle.addPeriodStart(day)
        }
        try await Journal.save(cycle, in: store, space: space)
        return redirect(to: .cycle)
    }

    // MARK: - PracticeProgress and report

    /// The stretch of time a progress page or report covers.
    enum Period: String, CaseIterable {
        case twelveWeeks = "12w", year = "1y", everything = "all"

        var label: String {
            switch self {
            case .twelveWeeks: "Last 12 weeks"
            case .year: "Last year"
            case .everything: "Everything"
            }
        }
    }

    /// Everything progress and the report are drawn from, with the programmes the person took on
    /// (their sessions are read through them).
    func everything(in space: UnlockedSpace) async throws -> (
        sessions: [SessionDigest], checkIns: [CheckIn], cycle: CycleRecord, followed: [Program]
    ) {
        async let sessions = PracticeService.digests(from: store, in: space)
        async let checkIns = Journal.checkIns(from: store, space: space)
        async let cycle = Journal.cycle(from: store, space: space)
        async let kept = Programmes.kept(from: store, space: space)
        return try await (sessions, checkIns, cycle, kept.map(\.program))
    }

    @Sendable func progress(_ request: Request, context: TendRequestContext) async throws -> Response {
        let today = self.today
        let space = try context.requireSpace()
        let period = request.uri.queryParameters["period"].flatMap { Period(rawValue: String($0)) } ?? .twelveWeeks
        let (sessions, checkIns, cycle, followed) = try await everything(in: space)
        let firstDay = (sessions.compactMap { $0.startedAt.map { Day($0) } } + checkIns.map { $0.day }).min() ?? today
        let from: Day =
            switch period {
            case .twelveWeeks: today - 83
            case .year: today - 364
            case .everything: min(firstDay, today - 83)
            }
        let figures = PracticeProgress(
            sessions: sessions, checkIns: checkIns, cycle: cycle, program: program, followed: followed, from: from, to: today)
        let steps = try await Steps.overview(from: store, space: space, at: clock.now())
        return HTMLPage(ProgressPage.render(
            figures, steps: steps, period: period, hasAnything: !sessions.isEmpty || !checkIns.isEmpty, program: program,
            chrome: Chrome(context: context)
        )).response()
    }

    @Sendable func reportChoices(_ request: Request, context: TendRequestContext) async throws -> Response {
        let today = self.today
        _ = try context.requireSpace()
        return HTMLPage(ReportPage.choices(today: today, problem: nil, chrome: Chrome(context: context))).response()
    }

    @Sendable func report(_ request: Request, context: TendRequestContext) async throws -> Response {
        let today = self.today
        let space = try context.requireSpace()
        let query = request.uri.queryParameters
        guard let from = query["from"].flatMap({ Day(String($0)) }), let to = query["to"].flatMap({ Day(String($0)) }), from <= to else {
            return HTMLPage(
                ReportPage.choices(today: today, problem: "Please give a start and an end date, the start first.", chrome: Chrome(context: context)),
                status: .badRequest
            ).response()
        }
        let include = ReportPage.Include(
            intake: query["intake"] == "on", map: query["map"] == "on", trends: query["trends"] == "on",
            frequency: query["frequency"] == "on", notes: query["notes"] == "on", steps: query["steps"] == "on",
            sessions: query["sessions"] == "on")
        let (sessions, checkIns, cycle, followed) = try await everything(in: space)
        let intake = include.intake ? try await Intakes.history(in: store, space: space).first?.value.intake : nil
        let figures = PracticeProgress(
            sessions: sessions, checkIns: checkIns, cycle: cycle, program: program, followed: followed, from: from, to: to)
        let notes = include.notes ? checkIns.filter { (from...to).contains($0.day) && !$0.note.isEmpty } : []
        let steps = include.steps ? try await Steps.overview(from: store, space: space, at: clock.now()) : nil
        return HTMLPage(ReportPage.render(
            figures, include: include, intake: intake, notes: notes, steps: steps, sessions: include.sessions ? sessions : [], program: program,
            chrome: Chrome(context: context)
        )).response()
    }
}
