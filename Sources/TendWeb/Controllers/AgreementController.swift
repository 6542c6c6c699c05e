import Foundation
import Hummingbird
import TendApp
import TendCore
import TendStore
import TendVault

/// The boundaries agreement: written together, sealed, revised with its history kept.
struct AgreementController {
    let store: any Store
    let clock: TendClock
    let ids: IdentifierSource

    func register(on router: Router<TendRequestContext>) {
        router.get(SiteRoute.agreement.pattern, use: show)
        router.get(SiteRoute.agreementEdit.pattern, use: edit)
        router.post(SiteRoute.agreement.pattern, use: save)
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        let history = try await Agreements.history(in: store, space: try context.requireSpace())
        return HTMLPage(AgreementPages.show(current: history.first, history: history, chrome: Chrome(context: context))).response()
    }

    @Sendable func edit(_ request: Request, context: TendRequestContext) async throws -> Response {
        let history = try await Agreements.history(in: store, space: try context.requireSpace())
        let agreement = history.first?.agreement ?? AgreementPages.blank
        let then = request.uri.queryParameters["then"].flatMap { SpaceController.localPath(String($0)) }
        return HTMLPage(AgreementPages.edit(agreement, problems: [], then: then, chrome: Chrome(context: context))).response()
    }

    @Sendable func save(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        let agreement = BoundariesAgreement(
            durationMinutes: form.text("durationMinutes").flatMap(Int.init) ?? 0,
            positions: form.text("positions") ?? "", pauseSignal: form.text("pauseSignal") ?? "",
            holdStillSignal: form.text("holdStillSignal") ?? "", endSignal: form.text("endSignal") ?? "",
            giverHelp: form.text("giverHelp") ?? "",
            feedbackStyle: form["feedbackStyle"].flatMap(FeedbackStyle.init(rawValue:)) ?? .painScale,
            anythingElse: form.text("anythingElse") ?? "", notForeplayAgreed: form["notForeplayAgreed"] == "yes",
            // A meaning left blank keeps the gentle default for that level.
            painMeanings: BoundariesAgreement.defaultPainMeanings.enumerated().map { form.text("painMeaning\($0.offset + 1)") ?? $0.element },
            giverMayAskIfReady: form["giverMayAskIfReady"] == "yes", giverNeeds: form.text("giverNeeds") ?? "")
        let then = form["then"].flatMap(SpaceController.localPath)
        let problems = agreement.problems()
        guard problems.isEmpty else {
            return HTMLPage(
                AgreementPages.edit(agreement, problems: problems, then: then, chrome: Chrome(context: context)), status: .badRequest
            ).response()
        }
        let now = clock.now()
        try await store.save(AgreementRecord(agreement: agreement, savedAt: now), id: ids.next(), kind: Agreements.kind, createdAt: now, in: space)
        return then.map { Response(status: .seeOther, headers: [.location: $0]) } ?? redirect(to: .agreement)
    }
}
