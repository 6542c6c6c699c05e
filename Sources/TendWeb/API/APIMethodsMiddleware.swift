import Hummingbird

/// Answers a method the OpenAPI document does not list for an API path with 405 and the methods it
/// does list, before anything else looks at the request.
struct APIMethodsMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    /// Path templates (`/api/v1/sessions/{id}`) and their methods, from the document.
    let methods: [String: [String]]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/"), let allowed = allowedMethods(for: path) else { return try await next(request, context) }
        let method = request.method.rawValue
        guard allowed.contains(method) || (method == "HEAD" && allowed.contains("GET")) else {
            let allow = (allowed.contains("GET") ? allowed + ["HEAD"] : allowed).joined(separator: ", ")
            throw HTTPError(.methodNotAllowed, headers: [.allow: allow], message: "This address answers \(allow) only.")
        }
        return try await next(request, context)
    }

    /// The methods of the template `path` matches (`{name}` matches one segment), if any.
    func allowedMethods(for path: String) -> [String]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return methods.first { template, _ in
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == segments.count
                && zip(parts, segments).allSatisfy { part, segment in part.hasPrefix("{") ? !segment.isEmpty : part == segment }
        }?.value
    }
}
