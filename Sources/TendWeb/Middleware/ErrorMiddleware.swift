import Foundation
import Hummingbird
import Logging
import NIOCore
import TendApp
import TendCore
import TendStore

/// The space is locked (or not set up) and this request needs it open.
struct SpaceLocked: Error {}

/// The one place errors become responses: a kind HTML page for people, RFC 9457
/// `application/problem+json` under `/api/`. The log gets the error's type and the path, never
/// a request body or record contents; the response never shows anything internal.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let isAPI = request.uri.path.hasPrefix("/api/")
            if error is SpaceLocked, !isAPI {
                return Response(status: .seeOther, headers: [.location: SiteRoute.unlock.path])
            }
            let problem = Problem(error)
            if problem.status.code >= 500 {
                // The route's pattern, never the path itself: a path can carry a secret (a calendar
                // link) or an identifier, and neither belongs in a log.
                context.logger.error("request failed", metadata: ["route": "\(context.endpointPath ?? "unmatched")", "error": "\(type(of: error))"])
            }
            var response = isAPI
                ? problem.response()
                : HTMLPage(ErrorPage.render(problem, chrome: Chrome(context: context)), status: problem.status).response()
            if let error = error as? HTTPError {
                response.headers.append(contentsOf: error.headers)  // e.g. Allow on a 405
            }
            // A refused upload may still be arriving: reading the rest only to throw it away would cost
            // more than the refusal itself, so the connection closes right after the answer instead.
            let declared = request.headers[.contentLength].flatMap { Int($0) } ?? 0
            return declared > context.bodyLimit(for: request.uri.path) ? response.closingConnection(context.channel) : response
        }
    }
}

extension Response {
    /// This response, after which the connection is closed rather than read to the end of the request.
    func closingConnection(_ channel: any Channel) -> Response {
        var response = self
        let body = self.body
        response.headers[.connection] = "close"
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            try await body.write(writer)
            channel.close(promise: nil)
        }
        return response
    }
}

/// An error as a person (or client) should see it.
struct Problem: Encodable {
    let status: HTTPResponse.Status
    let title: String
    let detail: String

    init(status: HTTPResponse.Status, title: String, detail: String) {
        self.status = status
        self.title = title
        self.detail = detail
    }

    init(_ error: any Error) {
        switch error {
        case let error as HTTPError where error.status == .notFound:
            self.init(status: .notFound, title: "Not found", detail: "There is nothing at this address.")
        case let error as HTTPError where error.status == .contentTooLarge:
            self.init(status: .contentTooLarge, title: "Too large", detail: "That was more text than Tend accepts at once.")
        case is NIOTooManyBytesError:
            self.init(status: .contentTooLarge, title: "Too large", detail: "That was more text than Tend accepts at once.")
        case let error as HTTPError where (400..<500).contains(error.status.code):
            self.init(status: error.status, title: "Request not understood", detail: error.body ?? "Please check what was sent and try again.")
        case let error as APIInputProblem:
            self.init(status: .badRequest, title: "Request not understood", detail: error.message)
        case let error as APIRuleProblem:
            self.init(status: .conflict, title: "Not possible as sent", detail: error.message)
        case StepsError.stepNotOnLadder:
            self.init(status: .notFound, title: "Step not found", detail: StepsError.stepNotOnLadder.message)
        case let error as PractitionerError:
            switch error {
            case .linkNotFound, .notAPractitioner:
                self.init(status: .notFound, title: "Not found", detail: error.message)
            case .codeNotValid:
                self.init(status: .unauthorized, title: "Code not accepted", detail: error.message)
            case .offerNotReadable:
                self.init(status: .conflict, title: "Not possible as sent", detail: error.message)
            case .linkCodeNotValid:
                self.init(status: .notFound, title: "Code not found", detail: error.message)
            case .displayNameNotValid, .pseudonymNotValid, .noteTooLong, .periodTooLong:
                // A rule the API document cannot say (a name that is only spaces, say).
                self.init(status: .conflict, title: "Not possible as sent", detail: error.message)
            }
        case let error as ProgrammesError:
            self.init(status: .notFound, title: "Programme not found", detail: error.message)
        case let error as FormProblem:
            self.init(status: .badRequest, title: "Request not understood", detail: error.message)
        case let error as ValueProblem:
            // TendCore's rules, each a sentence a person can act on, with the field named.
            self.init(status: .badRequest, title: "That could not be saved", detail: error.description)
        case is GiverNotJoined:
            self.init(
                status: .forbidden, title: "Not joined",
                detail: "This device is not part of that session. Ask the receiver for a new code and join again.")
        case is SpaceLocked:
            self.init(status: .unauthorized, title: "Locked", detail: "Your space is locked. Unlock it with your passphrase first.")
        case is CSRFRefused:
            self.init(
                status: .forbidden, title: "Form expired",
                detail: "This form could not be checked as coming from Tend itself. Please reload the page and try again; nothing was changed.")
        case let error as SpaceError:
            let status: HTTPResponse.Status = switch error {
            case .tryAgainIn: .tooManyRequests
            case .wrongPassphrase, .wrongRecoveryKey, .wrongNameOrPassphrase: .unauthorized
            case .alreadySetUp, .nameTaken: .conflict
            case .signUpClosed: .forbidden
            default: .badRequest
            }
            self.init(status: status, title: "Could not open the space", detail: error.message)
        case let error as PracticeError:
            switch error {
            case .sessionNotFound:
                self.init(status: .notFound, title: "Session not found", detail: "That session is not in this space.")
            case .rejected(let rejection):
                self.init(status: .conflict, title: "Not possible right now", detail: rejection.message)
            case .sessionUnreadable:
                self = .unreadableRecord
            }
        case let error as StoreError where error.isUnreadableRecord:
            self = .unreadableRecord
        default:
            self.init(
                status: .internalServerError, title: "Something went wrong",
                detail: "Something went wrong on Tend's side. Nothing you had saved was lost; please try again in a moment.")
        }
    }

    /// A stored record that cannot be opened: said plainly, and the rest of Tend goes on.
    static let unreadableRecord = Problem(
        status: .unprocessableContent, title: "This record could not be read",
        detail: "This record is damaged, so Tend cannot show it. The rest of your space is safe and works as before.")

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("about:blank", forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encode(detail, forKey: .detail)
    }

    func response() -> Response {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension SessionRejection {
    /// A plain sentence about why the event was not applied.
    var message: String {
        switch self {
        case .notInThisSession: "This device is not part of this session."
        case .onlyTheReceiverCan: "Only the person receiving can do that. You can suggest it out loud."
        case .notStarted: "This session has not started yet."
        case .alreadyStarted: "This session has already started."
        case .finished: "This session is over. You can start a new one from the home page."
        case .paused: "The session is paused. Resume when you are ready."
        case .notPaused: "The session is not paused."
        case .notAtAClockPoint: "Ratings are for the points of the clock face."
        case .ratingOutOfRange: "Please choose tension or pain between 0 and 10."
        case .alreadyClosing: "You are already at the close."
        case .notAtTheClose: "A reflection is written at the close of a session."
        case .reflectionTooLong: "That reflection is longer than Tend keeps (\(Reflection.maximumLength) characters per part)."
        case .signalsNeedAPartner: "Signals are for sessions with a partner."
        case .onlyTheGiverProposes: "That one is for the giver to ask; you can simply move on when ready."
        case .signalOutOfRange: "Choose a level from 1 to 5."
        case .recordDamaged: "This session's record could not be read, so it cannot go on. Your other sessions are safe; you can start a new one from the home page."
        }
    }
}
