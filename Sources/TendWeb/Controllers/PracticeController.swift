import Foundation
import Hummingbird
import TendApp
import TendCore
import TendVault

/// Home, starting sessions, the live session page and its events, and history.
struct PracticeController {
    let space: Spaces
    let practice: PracticeService

    var program: Program { practice.engine.program }

    func register(on router: Router<TendRequestContext>) {
        router.get(SiteRoute.home.pattern, use: home)
        router.post(SiteRoute.startSession.pattern, use: start)
        router.get(SiteRoute.history.pattern, use: history)
        router.get(SiteRoute.pattern(SiteRoute.session), use: show)
        router.post(SiteRoute.pattern(SiteRoute.sessionEvents), use: event)
        router.get(SiteRoute.programmes.pattern) { request, context in try await programmes(context) }
        router.post(SiteRoute.programmes.pattern, use: choose)
    }

    // MARK: - Programmes

    private func programmes(_ context: TendRequestContext, problem: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let unlocked = try context.requireSpace()
        let kept = try await Programmes.kept(from: practice.store, space: unlocked)
        let chosen = try await Programmes.chosenID(from: practice.store, space: unlocked, standard: program, kept: kept)
        return HTMLPage(
            ProgramPages.choose(standard: program, kept: kept, chosen: chosen, problem: problem, chrome: Chrome(context: context)), status: status
        ).response()
    }

    /// The person chooses the programme their new sessions follow.
    @Sendable func choose(_ request: Request, context: TendRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form(context: context)
        do {
            try await Programmes.choose(form["program"] ?? "", standard: program, in: practice.store, space: try context.requireSpace())
        } catch let error as ProgrammesError {
            return try await programmes(context, problem: error.message, status: .badRequest)
        }
        return redirect(to: .programmes)
    }

    @Sendable func home(_ request: Request, context: TendRequestContext) async throws -> Response {
        guard try await !space.needsSetUp() else { return HTMLPage(WelcomePage.render(chrome: Chrome(context: context))).response() }
        let unlocked = try context.requireSpace()
        // A practitioner's home is the people they work with.
        if space.hosting.isHosted, try await practice.store.practitioner(unlocked.owner) != nil { return redirect(to: .practitionerHome) }
        let sessions = try await practice.digests(in: unlocked)
        var unfinished: PracticeSession?
        // A session nobody began is not "open": there is nothing to carry on.
        if let open = sessions.first(where: { !$0.isFinished && $0.startedAt != nil }) {
            do {
                unfinished = try await practice.session(open.id, in: unlocked)
            } catch PracticeError.sessionUnreadable {
                unfinished = nil  // its own page says it cannot be read; home carries on without it
            }
        }
        let begun = sessions.filter { $0.startedAt != nil }
        var shown = program  // the open session is described by its own programme
        if let unfinished { shown = try await practice.engine(for: unfinished.programID, in: unlocked).program }
        var model = HomePage.Model(unfinished: unfinished, recent: Array(begun.prefix(5)), program: shown, chrome: Chrome(context: context))
        let today = Day(practice.clock.now())
        let recent = try await Journal.checkIns(days: RecurringPain.windowDays, endingOn: today, from: practice.store, space: unlocked)
        model.recurring = RecurringPain(sessions: sessions, checkIns: recent, today: today)
        model.offersSharing = space.hosting.isHosted
        let kept = try await Programmes.kept(from: practice.store, space: unlocked)
        let chosen = try await Programmes.chosenID(from: practice.store, space: unlocked, standard: program, kept: kept)
        model.hasKeptProgrammes = !kept.isEmpty
        model.following = kept.first { $0.program.id == chosen }
        return HTMLPage(HomePage.render(model)).response()
    }

    @Sendable func start(_ request: Request, context: TendRequestContext) async throws -> Response {
        let session = try await practice.start(mode: .solo, in: try context.requireSpace())
        return redirect(to: .session(session.id))
    }

    @Sendable func history(_ request: Request, context: TendRequestContext) async throws -> Response {
        let sessions = try await practice.digests(in: try context.requireSpace()).filter { $0.startedAt != nil }
        return HTMLPage(HistoryPage.render(sessions: sessions, chrome: Chrome(context: context))).response()
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        let session = try await practice.session(try context.sessionID(), in: try context.requireSpace())
        return try await page(for: session, context: context)
    }

    @Sendable func event(_ request: Request, context: TendRequestContext) async throws -> Response {
        let unlocked = try context.requireSpace()
        let id = try context.sessionID()
        var request = request
        let form = try await request.form(context: context)
        let seenVersion = form["version"].flatMap(Int.init)
        do {
            for intent in try Self.intents(from: form) {
                _ = try await practice.apply(SessionEvent(intent, by: .alone), to: id, seenVersion: seenVersion, in: unlocked)
            }
            return redirect(to: .session(id))
        } catch let error as PracticeError {
            guard case .rejected(let rejection) = error else { throw error }
            let session = try await practice.session(id, in: unlocked)
            return try await page(for: session, context: context, notice: rejection.message, status: .conflict)
        } catch let error as FormProblem {
            let session = try await practice.session(id, in: unlocked)
            return try await page(for: session, context: context, notice: error.message, status: .badRequest)
        }
    }

    private func page(
        for session: PracticeSession, context: TendRequestContext, notice: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let chrome = Chrome(context: context)
        if session.mode == .partner && !session.isFinished {
            return redirect(to: .live(session.id))
        }
        // Each session is shown with the programme it follows (the method's, or one the person took on).
        let program = try await practice.engine(for: session.programID, in: try context.requireSpace()).program
        if session.isFinished {
            return HTMLPage(SessionSummaryPage.render(session: session, program: program, chrome: chrome), status: status).response()
        }
        let preferences = try await Preferences.load(from: practice.store, space: try context.requireSpace())
        var model = SessionPage.Model(
            session: session, program: program, now: practice.clock.now(), chrome: chrome, notice: notice, preferences: preferences)
        if case .point = session.position {
            model.painAnswer = PainAnswer(rating: session.steps.last?.ratings.last?.pain)?.words(to: .alone)
        }
        return HTMLPage(SessionPage.render(model), status: status).response()
    }

    /// Reads the intent a form sends, by the names every surface uses (``IntentName``). Ending at
    /// the close with a reflection written saves the reflection first.
    static func intents(from form: FormFields) throws -> [Intent] {
        guard let name = form["intent"].flatMap(IntentName.init(rawValue:)) else {
            throw FormProblem(message: "That button was not recognised. Please use the buttons on this page.")
        }
        switch name {
        case .rate:
            let tension = try rating(form, "tension")
            let pain = try rating(form, "pain")
            guard tension != nil || pain != nil else { throw FormProblem(message: "Please choose a tension or pain level to save a rating.") }
            return [.rate(tension: tension, pain: pain)]
        case .end, .reflect:
            let emotions = (form["emotions"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            let reflection = Reflection(howItFelt: form.text("howItFelt") ?? "", emotions: emotions, note: form.text("note") ?? "")
            return reflection == Reflection() ? [.end] : [.reflect(reflection), .end]
        default:
            guard let intent = Intent(name, IntentValues(level: form["level"].flatMap { Int($0) }).self) else {
                throw FormProblem(message: "Please choose a level from 1 to 5.")
            }
            return [intent]
        }
    }

    private static func rating(_ form: FormFields, _ name: String) throws -> Int? {
        guard let text = form.text(name) else { return nil }
        guard let value = Int(text), (0...10).contains(value) else {
            throw FormProblem(message: "Please choose \(name) as a number from 0 to 10.")
        }
        return value
    }
}

/// A form value that cannot be used, with the sentence to show beside the form.
struct FormProblem: Error {
    let message: String
}

extension TendRequestContext {
    /// The unlocked space, or the error that sends the person to unlock it.
    func requireSpace() throws -> UnlockedSpace {
        guard let space else { throw SpaceLocked() }
        return space
    }

    /// The session identifier in the path.
    func sessionID() throws -> SessionID {
        SessionID(rawValue: try parameters.require("id"))
    }
}
