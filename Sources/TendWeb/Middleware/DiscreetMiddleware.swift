import Hummingbird

/// In discreet mode, while the space is locked, only the pages that say nothing of what Tend is for
/// can be seen: unlocking, recovering, the neutral notes page and what installing needs. Anything
/// else (Learn, the practices, the welcome text) leads to the unlock page instead.
struct DiscreetMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext

    /// Paths that stay reachable: they carry no word about the practice.
    static let neutral: [SiteRoute] = [
        .unlock, .recover, .notes, .quickExit, .offline, .manifest, .serviceWorker, .health, .theme, .setUp, .setUpFromExport,
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard context.discreet, context.space == nil, request.method == .get,
            !Self.neutral.contains(where: { $0.path == path }),
            !path.hasPrefix("/assets/"), !path.hasPrefix("/api/"), !path.hasPrefix("/calendar/")
        else { return try await next(request, context) }
        return redirect(to: .unlock)
    }
}
