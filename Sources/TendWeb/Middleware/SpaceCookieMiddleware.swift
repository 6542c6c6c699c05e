import Hummingbird

/// Finds the unlocked space, if any, that this browser's session cookie names.
struct SpaceCookieMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    static let cookieName = "tend_session"

    let keeper: SpaceKeeper

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Self.cookieName]?.value, let space = await keeper.space(for: token) {
            context.space = space
            context.spaceToken = token
        }
        return try await next(request, context)
    }

    /// The cookie that carries a token: never readable by scripts, never sent cross-site.
    static func cookie(token: String) -> Cookie {
        Cookie(name: cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// A cookie that removes the token from the browser.
    static var expired: Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)
    }
}
