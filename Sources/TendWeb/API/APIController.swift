import Foundation
import Hummingbird
import TendApp
import TendCore
import TendVault

/// `/api/v1`: the same abilities as the pages, as JSON, under the same unlock, CSRF and rate limits.
struct APIController {
    let space: Spaces
    let practice: PracticeService
    let autoLockMinutes: Int
    let openAPIDocument: ByteBuffer
    /// The document's request bodies, enforced before decoding.
    let schemas: RequestSchemas
    /// Hosted: practitioners and sharing with them; nil on a Tend of one's own.
    let practitioners: Practitioners?

    var program: Program { practice.engine.program }

    func register(on router: Router<TendRequestContext>) {
        router.get("/api/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: openAPIDocument))
        }
        let api = router.group("api/v1")
        api.get("space", use: status)
        api.post("space/setup", use: setUp)
        api.post("space/unlock", use: unlock)
        api.post("space/recover", use: recover)
        api.post("space/lock", use: lock)
        api.get("sessions", use: list)
        api.post("sessions", use: start)
        api.get("sessions/:id", use: show)
        api.post("sessions/:id/events", use: event)
        api.get("steps", use: steps)
        api.post("steps", use: saveSteps)
        api.post("steps/practices", use: recordStepPractice)
        registerProgrammes(on: api)
        if let practitioners { registerPractitioners(on: api, practitioners) }
    }

    @Sendable func status(_ request: Request, context: TendRequestContext) async throws -> Response {
        let state = try await space.needsSetUp() ? "needsSetup" : context.space == nil ? "locked" : "unlocked"
        return try json(API.SpaceStatus(state: state, csrfToken: context.csrfToken, autoLockMinutes: autoLockMinutes))
    }

    @Sendable func setUp(_ request: Request, context: TendRequestContext) async throws -> Response {
        let body = try await decodeRequired(API.SetUpRequest.self, for: "POST /api/v1/space/setup", from: request, context: context)
        let (token, recoveryKey) = try await Self.namingRule {
            try await space.setUp(name: body.name, invitation: body.invitation, passphrase: body.passphrase, confirmation: body.passphrase)
        }
        var response = try json(API.SetUpResponse(recoveryKey: recoveryKey.displayText), status: .created)
        response.setCookie(SpaceCookieMiddleware.cookie(token: token))
        return response
    }

    @Sendable func unlock(_ request: Request, context: TendRequestContext) async throws -> Response {
        let body = try await decodeRequired(API.UnlockRequest.self, for: "POST /api/v1/space/unlock", from: request, context: context)
        return unlocked(token: try await space.unlock(name: body.name, passphrase: body.passphrase, code: body.code, client: context.clientAddress))
    }

    @Sendable func recover(_ request: Request, context: TendRequestContext) async throws -> Response {
        let body = try await decodeRequired(API.RecoverRequest.self, for: "POST /api/v1/space/recover", from: request, context: context)
        let (token, recoveryKey) = try await space.recover(
            name: body.name, recoveryKeyText: body.recoveryKey, newPassphrase: body.passphrase, confirmation: body.passphrase,
            client: context.clientAddress)
        var response = try json(API.SetUpResponse(recoveryKey: recoveryKey.displayText))
        response.setCookie(SpaceCookieMiddleware.cookie(token: token))
        return response
    }

    @Sendable func lock(_ request: Request, context: TendRequestContext) async throws -> Response {
        if let token = context.spaceToken { await space.lock(token: token) }
        var response = Response(status: .noContent)
        response.setCookie(SpaceCookieMiddleware.expired)
        return response
    }

    @Sendable func list(_ request: Request, context: TendRequestContext) async throws -> Response {
        let unlocked = try context.requireSpace()
        let shelf = try await practice.shelf(in: unlocked)
        let sessions = shelf.readable(try await practice.store.sessions(in: unlocked))
        return try json(API.SessionList(sessions: sessions.map { API.SessionSummary($0, program: shelf.program(for: $0.programID) ?? program) }))
    }

    @Sendable func start(_ request: Request, context: TendRequestContext) async throws -> Response {
        let unlocked = try context.requireSpace()
        let body = try await decode(API.StartRequest.self, for: "POST /api/v1/sessions", from: request, context: context)
        guard (body?.mode ?? .solo) == .solo else {
            throw APIInputProblem(message: "Partner sessions are started from the pairing screen; this endpoint starts solo sessions.")
        }
        let session = try await practice.start(mode: .solo, in: unlocked)
        var response = try json(
            API.SessionBody(session, program: try await programFollowed(by: session, in: unlocked), now: practice.clock.now()), status: .created)
        response.headers[.location] = "/api/v1/sessions/\(session.id.rawValue)"
        return response
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        let unlocked = try context.requireSpace()
        let session = try await practice.session(try context.sessionID(), in: unlocked)
        return try json(API.SessionBody(session, program: try await programFollowed(by: session, in: unlocked), now: practice.clock.now()))
    }

    @Sendable func event(_ request: Request, context: TendRequestContext) async throws -> Response {
        let unlocked = try context.requireSpace()
        let id = try context.sessionID()
        let body = try await decodeRequired(
            API.EventRequest.self, for: "POST /api/v1/sessions/{id}/events", from: request, context: context)
        let session = try await practice.apply(
            SessionEvent(try Self.intent(from: body), by: .alone), to: id, seenVersion: body.seenVersion, in: unlocked)
        return try json(API.SessionBody(session, program: try await programFollowed(by: session, in: unlocked), now: practice.clock.now()))
    }

    /// The programme a session follows: the method's, one the person took on, or a step's.
    private func programFollowed(by session: PracticeSession, in space: UnlockedSpace) async throws -> Program {
        try await practice.engine(for: session.programID, in: space).program
    }

    /// A name the document allows but a hosted Tend's rule refuses (or one a hosted Tend needs and
    /// was left out) is a rule the document cannot say: answered 409, naming the field.
    static func namingRule<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch SpaceError.nameNotValid {
            throw APIRuleProblem(message: "The field name: \(SpaceError.nameNotValid.message)")
        }
    }

    static func intent(from body: API.EventRequest) throws -> Intent {
        let reflection = body.reflection.map {
            Reflection(howItFelt: $0.howItFelt ?? "", emotions: $0.emotions ?? [], note: $0.note ?? "")
        }
        let values = IntentValues(level: body.level, tension: body.tension, pain: body.pain, reflection: reflection)
        guard let name = IntentName(rawValue: body.intent) else {
            throw APIInputProblem(message: "intent must be one of \(IntentName.list).")
        }
        guard let intent = Intent(name, values) else {
            throw APIRuleProblem(message: "The pain intent needs a level from 1 to 5.")
        }
        return intent
    }

    // MARK: - JSON in and out

    private func unlocked(token: String) -> Response {
        var response = Response(status: .noContent)
        response.setCookie(SpaceCookieMiddleware.cookie(token: token))
        return response
    }

    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try API.encoder.encode(value))))
    }

    /// The body of a request, checked against what the document says `operation` takes (so the
    /// answer names the field), then decoded; nil when the document lets the body be left out.
    func decode<T: Decodable>(
        _ type: T.Type, for operation: String, from request: Request, context: TendRequestContext
    ) async throws -> T? {
        var request = request
        let buffer = try await request.collectBody(upTo: context.bodyLimit(for: request.uri.path))
        if buffer.readableBytes > 0, request.headers[.contentType]?.hasPrefix("application/json") != true {
            throw APIInputProblem(message: "Please send JSON with Content-Type: application/json.")
        }
        let data = Data(buffer: buffer)
        if let problem = schemas.problem(with: data, for: operation) { throw APIInputProblem(message: problem) }
        guard !data.isEmpty else { return nil }
        do {
            return try API.decoder.decode(type, from: data)
        } catch DecodingError.dataCorrupted(let failure) where !failure.codingPath.isEmpty {
            // One of TendCore's rules that the document cannot say (two steps with one identifier,
            // say): the field, and the rule's own sentence.
            let place = failure.codingPath.reduce(into: "") { path, key in
                path += key.intValue.map { "[\($0)]" } ?? (path.isEmpty ? key.stringValue : ".\(key.stringValue)")
            }
            throw APIRuleProblem(message: "The field \(place): \(failure.debugDescription).")
        } catch {
            // The document allowed it, so this is Tend's own mistake: say so plainly, log the kind.
            context.logger.error("an API body the document allows did not decode", metadata: ["operation": "\(operation)"])
            throw APIInputProblem(message: "Tend could not read this request, although it fits the document.")
        }
    }

    /// A body the document requires (`decode` has already refused an empty one).
    func decodeRequired<T: Decodable>(
        _ type: T.Type, for operation: String, from request: Request, context: TendRequestContext
    ) async throws -> T {
        guard let value = try await decode(type, for: operation, from: request, context: context) else {
            throw APIInputProblem(message: "Please send a JSON body.")
        }
        return value
    }
}

/// A JSON request Tend cannot use, with a sentence saying what to fix.
struct APIInputProblem: Error {
    let message: String
}

/// A request that fits the document but breaks one of TendCore's rules the document cannot say
/// (two steps with one identifier, a pain signal without its level): answered 409 with the rule.
struct APIRuleProblem: Error {
    let message: String
}

extension API {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
