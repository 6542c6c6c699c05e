import HTTPTypes
import Hummingbird

/// Adds Tend's security headers to every response: a strict content security policy with no
/// inline script and no third-party origin, no framing, no referrer, no sniffing, and no caching
/// (every page of a private space is private).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'",
        "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// The headers every answer carries, including those the connection guard writes itself.
    static let fields: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy, contentSecurityPolicy), (.frameOptions, "DENY"), (.referrerPolicy, "no-referrer"),
        (.xContentTypeOptions, "nosniff"), (.crossOriginOpenerPolicy, "same-origin"),
        (.permissionsPolicy, "camera=(), microphone=(), geolocation=(), interest-cohort=()"), (.cacheControl, "no-store"),
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for (name, value) in Self.fields where name != .cacheControl {
            response.headers[name] = value
        }
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

extension HTTPField.Name {
    static let frameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
    static let permissionsPolicy = Self("Permissions-Policy")!
    static let strictTransportSecurity = Self("Strict-Transport-Security")!
}

/// Under TLS (`--lan`), every cookie Tend sets is marked `Secure` and named with the `__Host-`
/// prefix, which a browser accepts only from a secure origin, for the whole host and with no
/// `Domain`: nothing on the network, nor a page on another port of the same host, can plant or
/// overwrite one. Handlers keep the plain names: incoming prefixed cookies reach them without the
/// prefix, and cookies without it are ignored. Answers also ask the browser to keep to https.
struct SecureCookiesMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    static let prefix = "__Host-"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var head = request.head
        let prefixed = head.headerFields[values: .cookie]
            .flatMap { $0.split(separator: ";") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix(Self.prefix) }
            .map { $0.dropFirst(Self.prefix.count) }
        head.headerFields[values: .cookie] = prefixed.isEmpty ? [] : [prefixed.joined(separator: "; ")]
        var response = try await next(Request(head: head, body: request.body), context)
        response.headers[values: .setCookie] = response.headers[values: .setCookie].map {
            Self.prefix + ($0.contains("; Secure") ? $0 : $0 + "; Secure")
        }
        response.headers[.strictTransportSecurity] = "max-age=31536000"
        return response
    }
}
