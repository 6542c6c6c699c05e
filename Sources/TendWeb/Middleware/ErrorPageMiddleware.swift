import Hummingbird
import Logging

/// The one place errors become responses. People get a kind page; the log gets the error's
/// type (never request bodies or record contents); nothing internal is ever shown.
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return HTMLPage(NotFoundPage.render(), status: .notFound).response()
        } catch let error as HTTPError where (400..<500).contains(error.status.code) {
            return HTMLPage(ErrorPage.render(status: error.status), status: error.status).response()
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(type(of: error))"])
            return HTMLPage(ErrorPage.render(status: .internalServerError), status: .internalServerError).response()
        }
    }
}
