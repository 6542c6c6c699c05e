import Foundation
import Hummingbird
import TendApp
import TendCore
import TendStore

/// Graded practice: the ladder, arranging it, and practising a step. Everything is sealed; the
/// pacing is TendCore's.
struct StepsController {
    let store: any Store
    let clock: TendClock
    let ids: IdentifierSource
    let library: Library
    let program: Program

    func register(on router: Router<TendRequestContext>) {
        router.get(SiteRoute.steps.pattern, use: overview)
        router.get(SiteRoute.stepsArrange.pattern, use: arrangePage)
        router.post(SiteRoute.stepsArrange.pattern, use: arrange)
        router.get(SiteRoute.pattern(SiteRoute.stepPractice, "id"), use: practicePage)
        router.post(SiteRoute.pattern(SiteRoute.stepPractice, "id"), use: savePractice)
    }

    @Sendable func overview(_ request: Request, context: TendRequestContext) async throws -> Response {
        let overview = try await Steps.overview(from: store, space: try context.requireSpace(), at: clock.now())
        return HTMLPage(StepsPages.overview(overview, library: library, problem: nil, chrome: Chrome(context: context))).response()
    }

    @Sendable func arrangePage(_ request: Request, context: TendRequestContext) async throws -> Response {
        let plan = try await Steps.plan(from: store, space: try context.requireSpace())
        return HTMLPage(StepsPages.arrange(plan, problem: nil, chrome: Chrome(context: context))).response()
    }

    /// One change to the ladder or the pace. A refused change leaves the plan as it was and says why.
    @Sendable func arrange(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        var plan = try await Steps.plan(from: store, space: space)
        do {
            try Self.apply(form, to: &plan, newID: StepID(rawValue: ids.next()))
        } catch {
            return HTMLPage(StepsPages.arrange(plan, problem: error.sentence, chrome: Chrome(context: context)), status: .badRequest).response()
        }
        try await Steps.change(to: plan, in: store, space: space, at: clock.now())
        return redirect(to: form["action"] == "choose" ? .steps : .stepsArrange)
    }

    /// What a form on the arrange page asks for, applied to `plan`.
    static func apply(_ form: FormFields, to plan: inout StepsPlan, newID: StepID) throws(ValueProblem) {
        let step = StepID(rawValue: form["step"] ?? "")
        var ladder = plan.ladder
        switch form["action"] {
        case "up", "down":
            guard let index = ladder.index(of: step) else { throw ValueProblem("step", sentence: "This step is not on the ladder; it may have been removed.") }
            try ladder.move(step, to: form["action"] == "up" ? index - 1 : index + 1)
        case "hide": try ladder.hide(step)
        case "show": try ladder.show(step)
        case "remove": try ladder.remove(step)
        case "choose": try ladder.choose(step)
        case "rename": try ladder.rename(step, to: form["title"] ?? "")
        case "add": try ladder.add(.custom(id: newID, title: form["title"] ?? ""))
        case "dilator":
            guard let width = form.text("diameter").flatMap({ Int($0) }) else {
                throw ValueProblem("diameter", sentence: "Please give the dilator's width as a whole number of millimetres.")
            }
            let dilator = Step.dilator(id: newID, diameterMillimetres: width)
            try ladder.add(dilator, at: Self.place(forDilatorOf: width, in: ladder))
        case "pace":
            plan.thresholds = try thresholds(from: form)
        default:
            throw ValueProblem("action", sentence: "That button was not recognised. Please use the buttons on this page.")
        }
        try ladder.validate()
        plan.ladder = ladder
    }

    /// A pace from a form's fields (the arrange page's, or a practitioner's offer), checked by TendCore's rules.
    static func thresholds(from form: FormFields) throws(ValueProblem) -> StepThresholds {
        func number(_ name: String) throws(ValueProblem) -> Int {
            guard let value = form.text(name).flatMap({ Int($0) }) else {
                throw ValueProblem(FieldKey(stringValue: name), sentence: "Please give a whole number.")
            }
            return value
        }
        let thresholds = StepThresholds(
            anxiety: try number("anxiety"), pain: try number("pain"), practicesNeeded: try number("practicesNeeded"),
            shortestMinutes: try number("shortestMinutes"), longestMinutes: try number("longestMinutes"),
            everyDays: try number("everyDays"))
        try thresholds.validate()
        return thresholds
    }

    /// A new dilator goes among the person's dilators by width: before the first wider one, else
    /// after the last, else where dilators would start (before the partner's step).
    static func place(forDilatorOf width: Int, in ladder: StepLadder) -> Int {
        func diameter(_ step: Step) -> Int? {
            if case .dilator(let diameter) = step.kind { return diameter }
            return nil
        }
        if let wider = ladder.steps.firstIndex(where: { (diameter($0) ?? 0) > width }) { return wider }
        if let last = ladder.steps.lastIndex(where: { diameter($0) != nil }) { return last + 1 }
        return ladder.steps.firstIndex { $0.kind == .partnerFingertip } ?? ladder.steps.count
    }

    // MARK: - Practising

    @Sendable func practicePage(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        let plan = try await Steps.plan(from: store, space: space)
        let step = try Self.step(context, in: plan.ladder)
        let model = StepPracticePage.Model(
            step: step, thresholds: plan.thresholds, preferences: try await Preferences.load(from: store, space: space),
            hurts: request.uri.queryParameters["hurts"] != nil,
            entered: [
                "startedAt": String(Int(clock.now().timeIntervalSince1970)),
                "withPartner": request.uri.queryParameters["partner"] == "1" ? "on" : "",
            ], chrome: Chrome(context: context))
        return HTMLPage(StepPracticePage.render(model)).response()
    }

    @Sendable func savePractice(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        let plan = try await Steps.plan(from: store, space: space)
        let step = try Self.step(context, in: plan.ladder)
        let now = clock.now()
        do {
            let practice = try Self.practice(from: form, step: step.id, id: StepPracticeID(rawValue: ids.next()), now: now)
            try await Steps.practise(practice, on: plan.ladder, in: store, space: space, at: now)
        } catch let problem as ValueProblem {
            var entered = ["startedAt", "anxietyBefore", "anxietyAfter", "painAfter", "minutes", "withPartner", "note"]
                .reduce(into: [String: String]()) { $0[$1] = form[$1] }
            entered["startedAt"] = entered["startedAt"] ?? String(Int(now.timeIntervalSince1970))
            let model = StepPracticePage.Model(
                step: step, thresholds: plan.thresholds, preferences: try await Preferences.load(from: store, space: space),
                hurts: false, entered: entered, problem: problem.sentence, chrome: Chrome(context: context))
            return HTMLPage(StepPracticePage.render(model), status: .badRequest).response()
        }
        return redirect(to: .steps)
    }

    /// The practice a form describes. The page's own start time is kept when it is sensible (it
    /// is a clock reading from this server, at most a day old); otherwise the practice began now.
    static func practice(from form: FormFields, step: StepID, id: StepPracticeID, now: Date) throws(ValueProblem) -> StepPractice {
        func rating(_ name: String, _ what: String) throws(ValueProblem) -> Int {
            guard let value = form.text(name).flatMap({ Int($0) }), ValueLimits.rating.contains(value) else {
                throw ValueProblem(FieldKey(stringValue: name), sentence: "Please choose \(what), from 0 to 10.")
            }
            return value
        }
        // Not a number, or infinite, is no time at all (and NaN would pass a range of dates).
        let started = form.text("startedAt").flatMap { Double($0) }.flatMap { $0.isFinite ? Date(timeIntervalSince1970: $0) : nil }
        let startedAt = started.flatMap { (now.addingTimeInterval(-86_400)...now).contains($0) ? $0 : nil } ?? now
        var minutes: Int?
        if let text = form.text("minutes") {
            guard let value = Int(text) else { throw ValueProblem("minutes", sentence: "Please give the minutes as a whole number, or leave it empty.") }
            minutes = value
        }
        let practice = StepPractice(
            id: id, stepID: step, startedAt: startedAt, minutes: minutes,
            anxietyBefore: try rating("anxietyBefore", "how anxious you felt before"),
            anxietyAfter: try rating("anxietyAfter", "how anxious you felt afterwards"),
            painAfter: try rating("painAfter", "how much it hurt"),
            note: form["note"] ?? "", withPartner: form["withPartner"] == "on")
        try practice.validate()
        return practice
    }

    /// The step in the path, if it is on the ladder and shown.
    private static func step(_ context: TendRequestContext, in ladder: StepLadder) throws -> Step {
        guard let step = ladder.step(StepID(rawValue: try context.parameters.require("id"))), !step.isHidden else {
            throw HTTPError(.notFound)
        }
        return step
    }
}
