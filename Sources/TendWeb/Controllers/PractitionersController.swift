import Foundation
import Hummingbird
import TendApp
import TendCore
import TendStore
import TendVault

/// Practitioners on a hosted Tend: signing up with an authenticator app, their people and what
/// each shared; and a person linking with a practitioner and sharing with them.
struct PractitionersController {
    let space: Spaces
    let practitioners: Practitioners
    let store: any Store
    let clock: TendClock
    let program: Program
    /// Whether people reach this Tend over HTTPS (for the link a practitioner gives).
    let secure: Bool

    func register(on router: Router<TendRequestContext>) {
        router.get(SiteRoute.practitionerSignUp.pattern, use: signUpForm)
        router.post(SiteRoute.practitionerSignUp.pattern, use: signUp)
        router.get(SiteRoute.practitionerHome.pattern) { request, context in try await home(context, newCode: nil) }
        router.post(SiteRoute.practitionerLinkCode.pattern) { request, context in
            let code = try await practitioners.newLinkCode(for: try await requirePractitioner(context))
            let link = LiveController.origin(of: request, secure: secure) + SiteRoute.sharingLink.path + "?code=" + code
            return try await home(context, newCode: (code, link))
        }
        router.get(SiteRoute.pattern(SiteRoute.practitionerPerson, "id"), use: person)
        router.post(SiteRoute.pattern(SiteRoute.practitionerEndLink, "id")) { request, context in
            try await endLink(context)
            return redirect(to: .practitionerHome)
        }
        router.post(SiteRoute.pattern(SiteRoute.practitionerOffer, "id"), use: offer)
        router.post(SiteRoute.pattern(SiteRoute.practitionerOwnNote, "id"), use: keepOwnNote)
        router.get(SiteRoute.pattern(SiteRoute.practitionerProgramme, "id")) { request, context in
            // It starts as Tend's own, or as one the practitioner wrote before.
            let key = request.uri.queryParameters["from"].map(String.init)
            return try await programmePage(context) { written in
                ProgramPages.Editor(draft: ProgramDraft(written.first { $0.key == key }?.program ?? program))
            }
        }
        router.post(SiteRoute.pattern(SiteRoute.practitionerProgramme, "id"), use: offerProgramme)
        router.get(SiteRoute.sharing.pattern) { request, context in try await sharing(context, problem: nil) }
        router.post(SiteRoute.pattern(SiteRoute.sharingOffer, "id"), use: answer)
        router.post(SiteRoute.pattern(SiteRoute.sharingContinuous, "id"), use: keepSharing)
        router.post(SiteRoute.sharingLink.pattern, use: lookUp)
        // The link a practitioner gives (or its QR code) opens the same question: who it is, and whether to link.
        router.get(SiteRoute.sharingLink.pattern) { request, context in
            _ = try context.requireSpace()
            guard let code = request.uri.queryParameters["code"].map(String.init) else { return redirect(to: .sharing) }
            return try await confirmLink(code: code, context: context)
        }
        router.post(SiteRoute.sharingLinkConfirm.pattern, use: link)
        router.post(SiteRoute.pattern(SiteRoute.sharingShare, "id"), use: share)
        router.post(SiteRoute.pattern(SiteRoute.sharingWithdraw, "id")) { request, context in
            var request = request
            let form = try await request.form(context: context)
            try await practitioners.withdraw(form["share"] ?? "", in: try context.requireSpace())
            return redirect(to: .sharing)
        }
        router.post(SiteRoute.pattern(SiteRoute.sharingEnd, "id")) { request, context in
            try await endLink(context)
            return redirect(to: .sharing)
        }
    }

    /// Ends a link from either side; a link already ended (a second tap) is simply gone.
    private func endLink(_ context: TendRequestContext) async throws {
        do {
            try await practitioners.endLink(try context.parameters.require("id"), by: try context.requireSpace())
        } catch PractitionerError.linkNotFound {
            return
        }
    }

    // MARK: - Signing up

    @Sendable func signUpForm(_ request: Request, context: TendRequestContext) async throws -> Response {
        HTMLPage(PractitionerPages.signUp(code: OneTimeCode(), hosting: space.hosting, error: nil, chrome: Chrome(context: context))).response()
    }

    @Sendable func signUp(_ request: Request, context: TendRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form(context: context)
        // The key the page showed comes back with the form; a damaged one gets a fresh key and the form again.
        guard let code = OneTimeCode(base32: form["codeSecret"] ?? "") else {
            return again(form, code: OneTimeCode(), error: PractitionerError.codeNotValid.message, context: context)
        }
        do {
            let (token, recoveryKey) = try await space.setUpPractitioner(
                name: form["name"] ?? "", invitation: form["invitation"], passphrase: form["passphrase"] ?? "",
                confirmation: form["confirmation"] ?? "", displayName: form["displayName"] ?? "", codeSecret: code, code: form["code"] ?? "")
            return SpaceController.made(token: token, recoveryKey: recoveryKey, context: context)
        } catch let error as SpaceError {
            return again(form, code: code, error: error.message, status: Problem(error).status, context: context)
        } catch let error as PractitionerError {
            return again(form, code: code, error: error.message, context: context)
        }
    }

    private func again(
        _ form: FormFields, code: OneTimeCode, error: String, status: HTTPResponse.Status = .badRequest, context: TendRequestContext
    ) -> Response {
        let entered = ["name": form["name"] ?? "", "displayName": form["displayName"] ?? ""]
        return HTMLPage(
            PractitionerPages.signUp(code: code, hosting: space.hosting, entered: entered, error: error, chrome: Chrome(context: context)),
            status: status
        ).response()
    }

    // MARK: - The practitioner's pages

    private func home(_ context: TendRequestContext, newCode: (code: String, link: String)?) async throws -> Response {
        let people = try await practitioners.peopleOf(try await requirePractitioner(context))
        return HTMLPage(PractitionerPages.home(people: people, newCode: newCode, chrome: Chrome(context: context).asPractitioner)).response()
    }

    @Sendable func person(_ request: Request, context: TendRequestContext) async throws -> Response {
        try await personPage(context)
    }

    private func personPage(
        _ context: TendRequestContext, draft: PractitionerPages.OfferDraft = PractitionerPages.OfferDraft(),
        note: PractitionerPages.OwnNote? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let mine = try await requirePractitioner(context)
        let id = try context.parameters.require("id")
        guard let person = try await practitioners.peopleOf(mine).first(where: { $0.id == id }) else { throw HTTPError(.notFound) }
        let shares = try await practitioners.shares(over: id, practitioner: mine)
        let saved = try await practitioners.ownNote(for: id, practitioner: mine)
        let note = note ?? PractitionerPages.OwnNote(text: saved)
        return HTMLPage(
            PractitionerPages.person(
                name: person.name, linkID: id, shares: shares, note: note, draft: draft,
                waiting: try await practitioners.waitingOffers(over: id, practitioner: mine), program: program,
                chrome: Chrome(context: context).asPractitioner),
            status: status
        ).response()
    }

    @Sendable func keepOwnNote(_ request: Request, context: TendRequestContext) async throws -> Response {
        let mine = try await requirePractitioner(context)
        var request = request
        let form = try await request.form(context: context)
        let text = form["note"] ?? ""
        do {
            try await practitioners.keepOwnNote(text, for: try context.parameters.require("id"), practitioner: mine)
        } catch PractitionerError.linkNotFound {
            throw HTTPError(.notFound)
        } catch let error as PractitionerError {
            return try await personPage(context, note: PractitionerPages.OwnNote(text: text, problem: error.message), status: .badRequest)
        }
        return try await personPage(context, note: PractitionerPages.OwnNote(text: text, saved: true))
    }

    /// Previews or offers a steps ladder. A ladder or pace that breaks TendCore's rules comes back
    /// with the field named and everything as typed.
    @Sendable func offer(_ request: Request, context: TendRequestContext) async throws -> Response {
        let mine = try await requirePractitioner(context)
        var request = request
        let form = try await request.form(context: context)
        var draft = PractitionerPages.OfferDraft()
        draft.lines = form["ladder"] ?? ""
        draft.note = String((form["note"] ?? "").prefix(Practitioners.noteLimit))
        do {
            draft.thresholds = try StepsController.thresholds(from: form)
            let ladder = try StepLadder.written(draft.lines) { StepID(rawValue: UUID().uuidString.lowercased()) }
            let offer = LadderOffer(ladder: ladder, thresholds: draft.thresholds, note: draft.note, madeAt: clock.now())
            guard form["action"] == "offer" else {
                draft.preview = offer
                return try await personPage(context, draft: draft)
            }
            try await practitioners.offer(.ladder(offer), over: try context.parameters.require("id"), practitioner: mine)
            return try await personPage(context, draft: PractitionerPages.OfferDraft(offered: true))
        } catch let problem as ValueProblem {
            draft.problem = problem.description
            return try await personPage(context, draft: draft, status: .badRequest)
        }
    }

    /// The programme form for one of the practitioner's people; `editor` is made knowing the
    /// programmes they wrote before.
    private func programmePage(
        _ context: TendRequestContext, status: HTTPResponse.Status = .ok, editor: ([WrittenProgram]) -> ProgramPages.Editor
    ) async throws -> Response {
        let mine = try await requirePractitioner(context)
        let id = try context.parameters.require("id")
        guard let person = try await practitioners.peopleOf(mine).first(where: { $0.id == id }) else { throw HTTPError(.notFound) }
        let written = try await practitioners.writtenPrograms(practitioner: mine)
        return HTMLPage(
            ProgramPages.editor(
                name: person.name, linkID: id, editor: editor(written), written: written, chrome: Chrome(context: context).asPractitioner),
            status: status
        ).response()
    }

    /// Previews or offers a session programme. One that breaks TendCore's rules comes back with
    /// the field named and marked, and everything as typed.
    @Sendable func offerProgramme(_ request: Request, context: TendRequestContext) async throws -> Response {
        let mine = try await requirePractitioner(context)
        var request = request
        let form = try await request.form(context: context)
        var editor = ProgramPages.Editor(draft: ProgramDraft(form: form), note: String((form["note"] ?? "").prefix(Practitioners.noteLimit)))
        do {
            let program = try editor.draft.program()
            guard form["action"] == "offer" else {
                editor.preview = program
                return try await programmePage(context) { _ in editor }
            }
            let offer = ProgramOffer(program: program, note: editor.note, madeAt: clock.now())
            try await practitioners.offer(.program(offer), over: try context.parameters.require("id"), practitioner: mine)
            editor.offered = true
            return try await programmePage(context) { _ in editor }
        } catch let problem as ProgramError {
            editor.problem = problem
            return try await programmePage(context, status: .badRequest) { _ in editor }
        } catch PractitionerError.linkNotFound {
            throw HTTPError(.notFound)
        }
    }

    /// The unlocked space, if it is a practitioner's; anyone else finds no such page.
    private func requirePractitioner(_ context: TendRequestContext) async throws -> UnlockedSpace {
        let space = try context.requireSpace()
        guard try await store.practitioner(space.owner) != nil else { throw HTTPError(.notFound) }
        return space
    }

    // MARK: - A person's sharing

    private func sharing(_ context: TendRequestContext, problem: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let mine = try context.requireSpace()
        let page = PractitionerPages.sharing(
            practitioners: try await practitioners.linked(person: mine), offers: try await practitioners.offers(for: mine), today: Day(clock.now()), problem: problem,
            chrome: Chrome(context: context))
        return HTMLPage(page, status: status).response()
    }

    /// The person keeps a practitioner up to date (or stops).
    @Sendable func keepSharing(_ request: Request, context: TendRequestContext) async throws -> Response {
        let mine = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        let id = try context.parameters.require("id")
        if form["stop"] == "yes" {
            try await practitioners.stopSharing(over: id, person: mine)
            return redirect(to: .sharing)
        }
        let contents = Self.contents(from: form, prefix: "keep-")
        guard !contents.isEmpty else {
            return try await sharing(context, problem: "Nothing was ticked, so nothing is shared. Tick what you would like them to see.", status: .badRequest)
        }
        guard let weeks = form["weeks"].flatMap(Int.init), ContinuousShare.weekChoices.contains(weeks) else {
            return try await sharing(context, problem: "Please choose how far back, from the list.", status: .badRequest)
        }
        do {
            try await practitioners.keepSharing(contents, weeks: weeks, over: id, person: mine, program: program)
        } catch let error as PractitionerError {
            return try await sharing(context, problem: error.message, status: .notFound)
        }
        return redirect(to: .sharing)
    }

    /// The report's ticks from a form (named with `prefix`, where a page holds two sets).
    static func contents(from form: FormFields, prefix: String = "") -> SharedReport.Contents {
        func ticked(_ name: String) -> Bool { form[prefix + name] == "on" }
        return SharedReport.Contents(
            intake: ticked("intake"), map: ticked("map"), trends: ticked("trends"), frequency: ticked("frequency"),
            notes: ticked("notes"), steps: ticked("steps"), sessions: ticked("sessions"))
    }

    /// The person takes an offered ladder on, or declines it.
    @Sendable func answer(_ request: Request, context: TendRequestContext) async throws -> Response {
        let mine = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        let id = try context.parameters.require("id")
        if form["answer"] == "accept" {
            do {
                switch try await practitioners.accept(id, person: mine, at: clock.now()) {
                case .ladder: return redirect(to: .steps)
                case .program: return redirect(to: .programmes)
                }
            } catch PractitionerError.linkNotFound {
                return try await sharing(context, problem: "That suggestion is no longer waiting: it was answered, or the link ended.", status: .notFound)
            } catch PractitionerError.offerNotReadable {
                return try await sharing(context, problem: PractitionerError.offerNotReadable.message, status: .conflict)
            }
        }
        // Only a plain "no" declines: a form that says neither changes nothing.
        guard form["answer"] == "decline" else {
            return try await sharing(context, problem: "That answer was not recognised, so nothing changed. Please use the buttons on this page.", status: .badRequest)
        }
        try await practitioners.decline(id, person: mine)
        return redirect(to: .sharing)
    }

    @Sendable func lookUp(_ request: Request, context: TendRequestContext) async throws -> Response {
        _ = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        return try await confirmLink(code: form["linkCode"] ?? "", context: context)
    }

    /// Who a link code belongs to, with the form to agree; an unknown code, said plainly on the sharing page.
    private func confirmLink(code: String, context: TendRequestContext) async throws -> Response {
        do {
            let practitioner = try await practitioners.practitioner(forLinkCode: code)
            return HTMLPage(PractitionerPages.confirmLink(
                code: code, practitioner: practitioner.displayName, problem: nil, chrome: Chrome(context: context))).response()
        } catch let error as PractitionerError {
            return try await sharing(context, problem: error.message, status: .badRequest)
        }
    }

    @Sendable func link(_ request: Request, context: TendRequestContext) async throws -> Response {
        let mine = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        let code = form["linkCode"] ?? ""
        do {
            _ = try await practitioners.link(code: code, pseudonym: form["pseudonym"] ?? "", person: mine)
            return redirect(to: .sharing)
        } catch let error as PractitionerError {
            if error == .pseudonymNotValid, let practitioner = try? await practitioners.practitioner(forLinkCode: code) {
                return HTMLPage(
                    PractitionerPages.confirmLink(code: code, practitioner: practitioner.displayName, problem: error.message, chrome: Chrome(context: context)),
                    status: .badRequest
                ).response()
            }
            return try await sharing(context, problem: error.message, status: .badRequest)
        }
    }

    @Sendable func share(_ request: Request, context: TendRequestContext) async throws -> Response {
        let mine = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        guard let from = form["from"].flatMap(Day.init), let to = form["to"].flatMap(Day.init), from <= to else {
            return try await sharing(context, problem: "Please give a start and an end date, the start first.", status: .badRequest)
        }
        let contents = Self.contents(from: form)
        guard !contents.isEmpty else {
            return try await sharing(context, problem: "Nothing was ticked, so nothing was shared. Tick what you would like them to see.", status: .badRequest)
        }
        do {
            let report = try await SharedReport.gather(contents, from: from, to: to, in: mine, store: store, program: program, at: clock.now())
            try await practitioners.share(report, over: try context.parameters.require("id"), person: mine)
        } catch let error as PractitionerError {
            return try await sharing(context, problem: error.message, status: error == .periodTooLong ? .badRequest : .notFound)
        }
        return redirect(to: .sharing)
    }
}
