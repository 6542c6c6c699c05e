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

    /// Opens the session's room with the receiver's key (and latest agreement).
    private func openRoom(_ context: TendRequestContext) async throws -> (LiveRoom, PracticeSession) {
        let space = try context.requireSpace()
        let checked = try await practice.checkedSession(try context.sessionID(), in: space)
        let session = checked.session
        guard session.mode == .partner else { throw PracticeError.sessionNotFound }
        if let room = await rooms.existingRoom(session.id) { return (room, await room.session) }
        let agreement = try await Agreements.history(in: practice.store, space: space).first?.agreement
        let engine = try await practice.engine(for: session.programID, in: space)
        return (await rooms.room(for: checked, engine: engine, space: space, agreement: agreement), session)
    }

    @Sendable func receiverPage(_ request: Request, context: TendRequestContext) async throws -> Response {
        let (room, session) = try await openRoom(context)
        let invitation: LiveRooms.Invitation? = if await room.giverPresent {
            nil
        } else if let current = await rooms.invitation(for: session.id) {
            current
        } else {
            await rooms.invite(to: session.id)
        }
        let breath = try await Preferences.load(from: practice.store, space: room.space).breath
        let model = LivePages.ReceiverModel(
            session: session, invitation: invitation, hasAgreement: room.agreement != nil,
            feedback: room.agreement?.feedbackStyle, breath: breath, certificateFingerprint: certificateFingerprint,
            origin: Self.origin(of: request, secure: certificateFingerprint != nil),
            chrome: Chrome(context: context), painMeanings: AgreementPages.painMeanings(room.agreement),
            agreedMinutes: room.agreement?.durationMinutes,
            stepNote: Program.practisedStep(in: session.programID).map { SiteRoute.stepPractice($0.rawValue).path + "?partner=1" })
        return HTMLPage(LivePages.receiver(model)).response()
    }

    @Sendable func invite(_ request: Request, context: TendRequestContext) async throws -> Response {
        let (_, session) = try await openRoom(context)
        _ = await rooms.invite(to: session.id)
        return redirect(to: .live(session.id))
    }

    @Sendable func removeGiver(_ request: Request, context: TendRequestContext) async throws -> Response {
        let (_, session) = try await openRoom(context)
        await rooms.removeGiver(from: session.id)
        return redirect(to: .live(session.id))
    }

    /// A one-time ticket for the live connection, for the receiver (unlocked) or the giver (joined).
    @Sendable func ticket(_ request: Request, context: TendRequestContext) async throws -> Response {
        let id = try context.sessionID()
        let participant: Participant
        if context.space != nil {
            _ = try await openRoom(context)
            participant = .receiver
        } else if await isJoinedGiver(request, of: id) {
            participant = .giver
        } else {
            throw SpaceLocked()
        }
        let ticket = await rooms.ticket(for: id, participant: participant)
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

    /// The giver's room, if their cookie opens this session.
    private func giverRoom(_ request: Request, context: TendRequestContext) async throws -> LiveRoom {
        let id = try context.sessionID()
        guard await isJoinedGiver(request, of: id), let room = await rooms.existingRoom(id) else { throw GiverNotJoined() }
        return room
    }

    /// Whether this browser joined session `id` as its giver.
    private func isJoinedGiver(_ request: Request, of id: SessionID) async -> Bool {
        guard let token = request.cookies[Self.giverCookie]?.value else { return false }
        return await rooms.session(forGiver: token) == id
    }

    @Sendable func giverPage(_ request: Request, context: TendRequestContext) async throws -> Response {
        let room = try await giverRoom(request, context: context)
        let session = await room.session
        let breath = try await Preferences.load(from: practice.store, space: room.space).breath
        return HTMLPage(LivePages.giver(
            session: session, agreement: room.agreement, confirmed: await room.agreementConfirmed, breath: breath,
            chrome: Chrome(context: context))).response()
    }

    @Sendable func confirm(_ request: Request, context: TendRequestContext) async throws -> Response {
        let room = try await giverRoom(request, context: context)
        await room.confirmAgreement()
        return redirect(to: .giver(try context.sessionID()))
    }
}

/// A giver's cookie does not open this session (never joined, or removed).
struct GiverNotJoined: Error {}
