import Foundation
import Hummingbird
import TendCore
import TendStore
import TendVault

/// The boundaries agreement: written together, sealed, revised with its history kept.
struct AgreementController {
    let store: any Store
    let clock: TendClock
    let ids: IdentifierSource

    static let kind = RecordKind<AgreementRecord>("agreement")

    /// Every saved version of a space's agreement, newest first.
    static func history(in store: any Store, space: UnlockedSpace) async throws -> [AgreementRecord] {
        try await store.records(kind, in: space).map(\.value).sorted { $0.savedAt > $1.savedAt }
    }

    func register(on router: Router<TendRequestContext>) {
        router.get(RouterPath(SiteRoute.agreement.pattern), use: show)
        router.get(RouterPath(SiteRoute.agreementEdit.pattern), use: edit)
        router.post(RouterPath(SiteRoute.agreement.pattern), use: save)
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        let history = try await Self.history(in: store, space: try context.requireSpace())
        return HTMLPage(AgreementPages.show(current: history.first, history: history, chrome: Chrome(context: context))).response()
    }

    @Sendable func edit(_ request: Request, context: TendRequestContext) async throws -> Response {
        let history = try await Self.history(in: store, space: try context.requireSpace())
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
        try await store.save(AgreementRecord(agreement: agreement, savedAt: now), id: ids.next(), kind: Self.kind, createdAt: now, in: space)
        return then.map { Response(status: .seeOther, headers: [.location: $0]) } ?? redirect(to: .agreement)
    }
}
