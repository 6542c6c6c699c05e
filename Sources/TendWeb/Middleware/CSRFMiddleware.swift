import Foundation
import HTTPTypes
import Hummingbird
import TendApp

/// Refuses forged requests. Every browser gets a random token in a SameSite=Strict cookie; every
/// unsafe request must echo it, in the `_csrf` form field or the `X-CSRF-Token` header, and any
/// Origin it states must be this server's own.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    static let cookieName = "tend_csrf"
    static let fieldName = "_csrf"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        let existing = request.cookies[Self.cookieName]?.value
        context.csrfToken = existing ?? randomToken()
        if ![.get, .head, .options].contains(request.method) {
            guard let existing, Self.originIsOurs(request) else { throw CSRFRefused() }
            var presented = request.headers[.csrfToken]
            if request.headers[.contentType]?.hasPrefix("multipart/form-data") == true, request.uri.path == UploadedForm.route.path {
                // Only the one form with a file may send a large body. It is read once, here, and
                // refused as soon as its first field shows a wrong token; the route takes it from
                // the context. Elsewhere a multipart body is never read.
                context.uploadedForm = try await UploadedForm.read(
                    contentType: request.headers[.contentType], body: request.body, expectedToken: existing,
                    tokenInHeader: presented != nil)
                presented = presented ?? context.uploadedForm?[Self.fieldName]
            } else if presented == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
                let body = try await request.collectBody(upTo: context.bodyLimit(for: request.uri.path))
                presented = FormFields(String(buffer: body))[Self.fieldName]
            }
            guard presented == existing else { throw CSRFRefused() }
        }
        var response = try await next(request, context)
        if existing == nil {
            response.setCookie(Cookie(name: Self.cookieName, value: context.csrfToken, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }

    private static func originIsOurs(_ request: Request) -> Bool {
        // Under `Referrer-Policy: no-referrer` browsers send `Origin: null` on form posts, which
        // says nothing either way; the token is the real proof.
        guard let origin = request.headers[.origin], origin != "null" else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }
}

/// A request that did not carry this browser's anti-forgery token.
struct CSRFRefused: Error {}

extension HTTPField.Name {
    static let csrfToken = Self("X-CSRF-Token")!
}
