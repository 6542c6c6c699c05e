import Foundation
import Hummingbird
import TendApp
import TendCore
import TendStore
import TendVault

/// Partner sessions: the receiver's signal pad and pairing, the giver joining with a code, and
/// one-time tickets for the live connection.
struct LiveController {
    let rooms: LiveRooms
    let practice: PracticeService
    /// The `--lan` certificate's fingerprint, shown beside the pairing code.
    let certificateFingerprint: String?
    /// Whether people reach this Tend over HTTPS: its own (`--lan`) or a proxy's (`--tls-at-proxy`).
    let secure: Bool
    static let giverCookie = "tend_giver"

    func register(on router: Router<TendRequestContext>) {
        router.post(SiteRoute.startPartnerSession.pattern, use: startPartnerSession)
        router.post(SiteRoute.pattern(SiteRoute.stepPartner, "id"), use: startStepPartnerSession)
        router.get(SiteRoute.pattern(SiteRoute.live), use: receiverPage)
        router.post(SiteRoute.pattern(SiteRoute.liveInvite), use: invite)
        router.post(SiteRoute.pattern(SiteRoute.liveRemoveGiver), use: removeGiver)
        router.post(SiteRoute.pattern(SiteRoute.liveTicket), use: ticket)
        router.post(SiteRoute.pattern(SiteRoute.liveConfirm), use: confirm)
        router.get(SiteRoute.pattern(SiteRoute.giver), use: giverPage)
        router.get(SiteRoute.join.pattern) { request, context in
            // A join link scanned from the receiver's screen carries the code, ready to send.
            let code = request.uri.queryParameters["code"].map { String($0.filter(\.isNumber).prefix(6)) } ?? ""
            return HTMLPage(LivePages.join(error: nil, code: code, chrome: Chrome(context: context)))
        }
        router.post(SiteRoute.join.pattern, use: join)
    }

    /// The address the receiver's own browser used (scheme and host), for a link the partner's phone
    /// can open. The host was checked against the names this Tend answers to.
    static func origin(of request: Request, secure: Bool) -> String {
        "\(secure ? "https" : "http")://\(request.headers[HostMiddleware.hostField] ?? request.head.authority ?? "127.0.0.1")"
    }

    /// Starts a partner session; with no agreement yet, writing one comes first and leads back.
    @Sendable func startPartnerSession(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        return try await agreementFirst(then: try await practice.createPartnerSession(in: space), in: space)
    }

    /// Starts a partner practice of one step of the person's ladder; the agreement comes first, as
    /// for any partner session.
    @Sendable func startStepPartnerSession(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        let plan = try await Steps.plan(from: practice.store, space: space)
        guard let step = plan.ladder.step(StepID(rawValue: try context.parameters.require("id"))), !step.isHidden else {
            throw HTTPError(.notFound)
        }
        let session = try await practice.createPartnerSession(practising: step, in: space)
        return try await agreementFirst(then: session, in: space)
    }

    /// The live page of a new session, or, with no agreement yet, writing one first and then the live page.
    private func agreementFirst(then session: PracticeSession, in space: UnlockedSpace) async throws -> Response {
        guard try await Agreements.history(in: practice.store, space: space).isEmpty else { return redirect(to: .live(session.id)) }
        let back = SiteRoute.live(session.id).path
        return Response(status: .seeOther, headers: [.location: SiteRoute.agreementEdit.path + "?then=" + back])
    }

    /// Opens the session's room with the receiver's key (and latest agreement), unless another
    /// instance holds it; the live connections then find it, here or there.
    @discardableResult
    private func openRoom(_ context: TendRequestContext) async throws -> (UnlockedSpace, PracticeSession) {
        let (space, checked) = try await partnerSession(context)
        if let room = await rooms.existingRoom(checked.session.id) { return (space, await room.session) }
        let agreement = try await Agreements.history(in: practice.store, space: space).first?.agreement
        let engine = try await practice.engine(for: checked.session.programID, in: space)
        let room = await rooms.room(for: checked, engine: engine, space: space, agreement: agreement)
        return (space, await room?.session ?? checked.session)
    }

    /// The receiver's partner session named in the path.
    private func partnerSession(_ context: TendRequestContext) async throws -> (UnlockedSpace, CheckedSession) {
        let space = try context.requireSpace()
        let checked = try await practice.checkedSession(try context.sessionID(), in: space)
        guard checked.session.mode == .partner else { throw PracticeError.sessionNotFound }
        return (space, checked)
    }

    /// A new pairing code, with what the giver's screen will show sealed under it.
    private func newInvitation(for session: PracticeSession, in space: UnlockedSpace) async throws -> LiveRooms.Invitation {
        let view = LiveRooms.GiverView(
            agreement: try await Agreements.history(in: practice.store, space: space).first?.agreement,
            breath: try await Preferences.load(from: practice.store, space: space).breath, sessionCreatedAt: session.createdAt)
        return try await rooms.invite(to: session.id, view: view, in: space)
    }

    /// Opens the room, so the partner's screen can connect before the receiver's does; what the
    /// page shows comes from the database.
    @Sendable func receiverPage(_ request: Request, context: TendRequestContext) async throws -> Response {
        let (space, session) = try await openRoom(context)
        // A code is made by itself only until a partner has joined; after that, on request.
        let invitation: LiveRooms.Invitation? = if let current = try await rooms.invitation(for: session.id, in: space) {
            current
        } else if try await practice.store.giver(session: session.id) != nil {
            nil
        } else {
            try await newInvitation(for: session, in: space)
        }
        let agreement = try await Agreements.history(in: practice.store, space: space).first?.agreement
        let breath = try await Preferences.load(from: practice.store, space: space).breath
        let model = LivePages.ReceiverModel(
            session: session, invitation: invitation, hasAgreement: agreement != nil,
            feedback: agreement?.feedbackStyle, breath: breath, certificateFingerprint: certificateFingerprint,
            origin: Self.origin(of: request, secure: secure),
            chrome: Chrome(context: context), painMeanings: AgreementPages.painMeanings(agreement),
            agreedMinutes: agreement?.durationMinutes,
            stepNote: Program.practisedStep(in: session.programID).map { SiteRoute.stepPractice($0.rawValue).path + "?partner=1" })
        return HTMLPage(LivePages.receiver(model)).response()
    }

    @Sendable func invite(_ request: Request, context: TendRequestContext) async throws -> Response {
        let (space, checked) = try await partnerSession(context)
        _ = try await newInvitation(for: checked.session, in: space)
        return redirect(to: .live(checked.session.id))
    }

    @Sendable func removeGiver(_ request: Request, context: TendRequestContext) async throws -> Response {
        let (_, checked) = try await partnerSession(context)
        try await rooms.removeGiver(from: checked.session.id)
        return redirect(to: .live(checked.session.id))
    }

    /// A one-time ticket for the live connection, for the receiver (unlocked) or the giver (joined).
    @Sendable func ticket(_ request: Request, context: TendRequestContext) async throws -> Response {
        let id = try context.sessionID()
        let participant: Participant
        let owner: OwnerID
        if context.space != nil {
            owner = try await openRoom(context).0.owner
            participant = .receiver
        } else if let giver = try await joinedGiver(request, of: id) {
            owner = giver.owner
            participant = .giver
        } else {
            throw SpaceLocked()
        }
        let ticket = try await rooms.ticket(for: id, participant: participant, owner: owner)
        let body = try JSONEncoder().encode(["ticket": ticket, "role": participant.rawValue])
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    @Sendable func join(_ request: Request, context: TendRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form(context: context)
        do {
            let (token, sessionID) = try await rooms.join(code: form["code"] ?? "", client: context.clientAddress)
            var response = redirect(to: .giver(sessionID))
            response.setCookie(Cookie(name: Self.giverCookie, value: token, path: "/", httpOnly: true, sameSite: .strict))
            return response
        } catch {
            let status: HTTPResponse.Status = if case .tryAgainIn = error { .tooManyRequests } else { .unauthorized }
            return HTMLPage(LivePages.join(error: error.message, chrome: Chrome(context: context)), status: status).response()
        }
    }

    /// The giver this browser joined session `id` as, if its cookie opens it.
    private func joinedGiver(_ request: Request, of id: SessionID) async throws -> LiveRooms.Giver? {
        guard let token = request.cookies[Self.giverCookie]?.value, let giver = await rooms.giver(token: token),
            giver.sessionID == id
        else { return nil }
        return giver
    }

    /// The giver's screen, from what was sealed for them: any instance can show it.
    @Sendable func giverPage(_ request: Request, context: TendRequestContext) async throws -> Response {
        guard let giver = try await joinedGiver(request, of: try context.sessionID()) else { throw GiverNotJoined() }
        return HTMLPage(LivePages.giver(
            session: giver.sessionID, view: giver.view, confirmed: giver.confirmed, chrome: Chrome(context: context))).response()
    }

    @Sendable func confirm(_ request: Request, context: TendRequestContext) async throws -> Response {
        let id = try context.sessionID()
        guard let token = request.cookies[Self.giverCookie]?.value, try await joinedGiver(request, of: id) != nil else {
            throw GiverNotJoined()
        }
        try await rooms.confirm(token: token, session: id)
        return redirect(to: .giver(id))
    }
}

/// A giver's cookie does not open this session (never joined, or removed).
struct GiverNotJoined: Error {}
