import Hummingbird
import TendApp

/// Reads this browser's cookies: the unlocked space its session cookie names, if any, and its theme.
struct SpaceCookieMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    static let cookieName = "tend_session"
    static let themeCookieName = "tend_theme"
    static let discreetCookieName = "tend_discreet"

    let keeper: any KeyKeeper

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.prefersLight = request.cookies[Self.themeCookieName]?.value == "light"
        context.discreet = request.cookies[Self.discreetCookieName]?.value == "on"
        context.currentPath = request.uri.path
        // Tend's own static files need no space: no key look-up, no database round trip for them.
        if !request.uri.path.hasPrefix("/assets/"), let token = request.cookies[Self.cookieName]?.value,
            let space = await keeper.space(for: token)
        {
            context.space = space
            context.spaceToken = token
        }
        return try await next(request, context)
    }

    /// The cookie that carries a token: never readable by scripts, never sent cross-site.
    static func cookie(token: String) -> Cookie {
        Cookie(name: cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// Remembers the chosen theme for a year. It says nothing about the person.
    static func themeCookie(light: Bool) -> Cookie {
        Cookie(name: themeCookieName, value: light ? "light" : "dark", maxAge: 365 * 86_400, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// Remembers discreet mode on this device for a year. Its name and value say nothing about the
    /// person.
    static func discreetCookie(on: Bool) -> Cookie {
        Cookie(name: discreetCookieName, value: on ? "on" : "off", maxAge: 365 * 86_400, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// A cookie that removes the token from the browser.
    static var expired: Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)
    }
}
