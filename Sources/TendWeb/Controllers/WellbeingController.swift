import Foundation
import Hummingbird
import TendApp
import TendCore
import TendStore
import TendVault

/// Practices (breath, pelvic floor, jaw), the intake with its suggestions, and appointment help.
/// Practices and appointment help hold nothing private and work while locked; the intake is sealed.
struct WellbeingController {
    let store: any Store
    let clock: TendClock
    let ids: IdentifierSource

    func register(on router: Router<TendRequestContext>) {
        router.get(SiteRoute.practices.pattern) { _, context in
            HTMLPage(PracticePages.hub(chrome: Chrome(context: context)))
        }
        router.get(SiteRoute.breathPacer.pattern, use: breath)
        router.get(SiteRoute.pelvicFloor.pattern, use: pelvicFloor)
        router.get(SiteRoute.jawRelease.pattern) { _, context in
            HTMLPage(PracticePages.jaw(chrome: Chrome(context: context)))
        }
        router.get(SiteRoute.appointments.pattern) { _, context in
            HTMLPage(IntakePages.appointments(chrome: Chrome(context: context)))
        }
        router.get(SiteRoute.intake.pattern, use: intakeForm)
        router.post(SiteRoute.intake.pattern, use: saveIntake)
        router.get(SiteRoute.pattern(SiteRoute.intakeResult, "id"), use: intakeResult)
        router.get(SiteRoute.settings.pattern, use: settings)
        router.post(SiteRoute.settings.pattern, use: saveSettings)
    }

    @Sendable func settings(_ request: Request, context: TendRequestContext) async throws -> Response {
        let preferences = try await Preferences.load(from: store, space: try context.requireSpace())
        let saved = request.uri.queryParameters["saved"] == "yes"
        return HTMLPage(SettingsPage.render(preferences, problem: nil, saved: saved, chrome: Chrome(context: context))).response()
    }

    @Sendable func saveSettings(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        var preferences = try await Preferences.load(from: store, space: space)
        do {
            preferences.breath = try BreathPattern(
                inhale: form.text("inhale").flatMap(Double.init) ?? 0, exhale: form.text("exhale").flatMap(Double.init) ?? 0,
                humCue: form["hum"] == "on", allowShorterExhale: form["shorter"] == "on")
            preferences.jawCues = try JawCues(everyMinutes: form["jaw"] == "off" ? nil : Int(form["jaw"] ?? "") ?? -1)
        } catch let problem as BreathPatternProblem {
            return HTMLPage(SettingsPage.render(preferences, problem: problem.message, saved: false, chrome: Chrome(context: context)), status: .badRequest)
                .response()
        } catch let problem as JawCueProblem {
            return HTMLPage(SettingsPage.render(preferences, problem: problem.message, saved: false, chrome: Chrome(context: context)), status: .badRequest)
                .response()
        }
        try await store.save(preferences, id: Preferences.recordID(for: space), kind: Preferences.kind, createdAt: clock.now(), in: space)
        return Response(status: .seeOther, headers: [.location: SiteRoute.settings.path + "?saved=yes"])
    }

    @Sendable func breath(_ request: Request, context: TendRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard query["inhale"] != nil || query["exhale"] != nil else {
            return HTMLPage(PracticePages.breath(pattern: .standard, problem: nil, chrome: Chrome(context: context))).response()
        }
        do {
            let pattern = try BreathPattern(
                inhale: Double(String(query["inhale"] ?? "")) ?? 0, exhale: Double(String(query["exhale"] ?? "")) ?? 0,
                humCue: query["hum"] == "on", allowShorterExhale: query["shorter"] == "on")
            return HTMLPage(PracticePages.breath(pattern: pattern, problem: nil, chrome: Chrome(context: context))).response()
        } catch {
            return HTMLPage(PracticePages.breath(pattern: .standard, problem: error.message, chrome: Chrome(context: context)), status: .badRequest)
                .response()
        }
    }

    @Sendable func pelvicFloor(_ request: Request, context: TendRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard query["contract"] != nil else {
            return HTMLPage(PracticePages.pelvicFloor(practice: .standard, problem: nil, chrome: Chrome(context: context))).response()
        }
        func number(_ name: String) -> Int { query[Substring(name)].flatMap { Int(String($0)) } ?? -1 }
        do {
            let practice = try PelvicFloorPractice(
                contractSeconds: number("contract"), releaseSeconds: number("release"), restSeconds: number("rest"),
                repetitions: number("reps"))
            return HTMLPage(PracticePages.pelvicFloor(practice: practice, problem: nil, chrome: Chrome(context: context))).response()
        } catch {
            return HTMLPage(
                PracticePages.pelvicFloor(practice: .standard, problem: error.message, chrome: Chrome(context: context)), status: .badRequest
            ).response()
        }
    }

    @Sendable func intakeForm(_ request: Request, context: TendRequestContext) async throws -> Response {
        let previous = try await Intakes.history(in: store, space: try context.requireSpace())
        return HTMLPage(IntakePages.form(previous: previous, problem: nil, chrome: Chrome(context: context)))
            .response()
    }

    @Sendable func saveIntake(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        let intake = Self.intake(from: form)
        guard intake.isValid else {
            let previous = try await Intakes.history(in: store, space: space)
            return HTMLPage(
                IntakePages.form(
                    previous: previous,
                    problem: "Some answers could not be read. Ratings go from 0 to 10; short texts only.", chrome: Chrome(context: context)),
                status: .badRequest
            ).response()
        }
        let id = ids.next()
        let now = clock.now()
        try await store.save(IntakeRecord(takenAt: now, intake: intake), id: id, kind: Intakes.kind, createdAt: now, in: space)
        return redirect(to: .intakeResult(id))
    }

    @Sendable func intakeResult(_ request: Request, context: TendRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let record = try await store.record(Intakes.kind, id: id, in: try context.requireSpace()) else {
            throw HTTPError(.notFound)
        }
        return HTMLPage(IntakePages.result(record, chrome: Chrome(context: context))).response()
    }

    /// Reads the intake form leniently: unknown values fall back to "not sure", and a rating
    /// that is not 0–10 makes the intake invalid rather than being guessed at.
    static func intake(from form: FormFields) -> Intake {
        var experiences: [PenetrationType: Experience] = [:]
        for type in PenetrationType.allCases {
            let anxiety = form.text("anxiety-\(type.rawValue)").map { Int($0) ?? -1 }
            let pain = form.text("pain-\(type.rawValue)").map { Int($0) ?? -1 }
            if anxiety != nil || pain != nil { experiences[type] = Experience(anxiety: anxiety, pain: pain) }
        }
        return Intake(
            extent: form["extent"].flatMap(Extent.init(rawValue:)) ?? .unsure,
            onset: form["onset"].flatMap(Onset.init(rawValue:)) ?? .unsure,
            onsetDescription: form.text("onsetDescription") ?? "",
            situations: IntakePages.situations.indices.filter { form["situation\($0)"] == "on" }.map { IntakePages.situations[$0] },
            contributors: Contributor.allCases.filter { form["contributor-\($0.rawValue)"] == "on" }.map(\.label),
            experiences: experiences)
    }
}
