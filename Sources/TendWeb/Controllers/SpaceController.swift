import Hummingbird
import TendApp
import TendCore
import TendVault

/// Setting up, unlocking, recovering and locking the private space.
struct SpaceController {
    let space: Spaces
    /// The programme imported sessions must fit.
    let program: Program

    func register(on router: Router<TendRequestContext>) {
        router.get(SiteRoute.setUp.pattern, use: setUpForm)
        router.post(SiteRoute.setUp.pattern, use: setUp)
        router.post(SiteRoute.setUpFromExport.pattern, use: setUpFromExport)
        router.post(SiteRoute.recoveryKeySaved.pattern) { _, _ in redirect(to: .home) }
        router.get(SiteRoute.unlock.pattern, use: unlockForm)
        router.post(SiteRoute.unlock.pattern, use: unlock)
        router.get(SiteRoute.recover.pattern, use: recoverForm)
        router.post(SiteRoute.recover.pattern, use: recover)
        router.post(SiteRoute.lock.pattern, use: lock)
        router.post(SiteRoute.theme.pattern, use: theme)
        router.post(SiteRoute.discreet.pattern, use: discreet)
        router.post(SiteRoute.quickExit.pattern, use: quickExit)
        router.get(SiteRoute.notes.pattern) { _, context in
            HTMLPage(DiscreetPages.notes(chrome: Chrome(context: context)))
        }
    }

    @Sendable func setUpForm(_ request: Request, context: TendRequestContext) async throws -> Response {
        if !space.hosting.isHosted, try await !space.needsSetUp() { return redirect(to: .home) }
        return HTMLPage(SetUpPage.render(chrome: Chrome(context: context), hosting: space.hosting)).response()
    }

    @Sendable func setUp(_ request: Request, context: TendRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form(context: context)
        return try await createSpace(context: context, fromExport: false) {
            try await space.setUp(
                name: form["name"], invitation: form["invitation"], passphrase: form["passphrase"] ?? "",
                confirmation: form["confirmation"] ?? "")
        }
    }

    /// A new space holding everything in an export file chosen in the browser.
    @Sendable func setUpFromExport(_ request: Request, context: TendRequestContext) async throws -> Response {
        let form = context.uploadedForm
        return try await createSpace(context: context, fromExport: true) {
            guard let file = form?.data("export"), !file.isEmpty else { throw ArchiveError.noFileChosen }
            let export = try SpaceExport.decode(file, program: program)
            return try await space.setUp(passphrase: form?["passphrase"] ?? "", confirmation: form?["confirmation"] ?? "", restoring: export)
        }
    }

    /// Runs a set-up: on success, the recovery key (shown once) and the session cookie; on a
    /// person's mistake, the set-up page again with a plain message beside the form they used.
    private func createSpace(
        context: TendRequestContext, fromExport: Bool, _ make: () async throws -> (token: String, recoveryKey: RecoveryKey)
    ) async throws -> Response {
        func again(_ message: String, status: HTTPResponse.Status) -> Response {
            let chrome = Chrome(context: context)
            let page = fromExport
                ? SetUpPage.render(chrome: chrome, hosting: space.hosting, importError: message)
                : SetUpPage.render(chrome: chrome, hosting: space.hosting, error: message)
            return HTMLPage(page, status: status).response()
        }
        do {
            let (token, recoveryKey) = try await make()
            return Self.made(token: token, recoveryKey: recoveryKey, context: context)
        } catch let error as SpaceError {
            return again(error.message, status: Problem(error).status)
        } catch let error as ArchiveError {
            return again(error.message, status: .badRequest)
        }
    }

    /// A new space, unlocked: its recovery key to write down once, and the session cookie.
    static func made(token: String, recoveryKey: RecoveryKey, context: TendRequestContext) -> Response {
        var response = HTMLPage(RecoveryKeyPage.render(recoveryKey: recoveryKey, chrome: Chrome(
            csrfToken: context.csrfToken, isUnlocked: true, prefersLight: context.prefersLight, currentPath: context.currentPath)))
            .response()
        response.setCookie(SpaceCookieMiddleware.cookie(token: token))
        return response
    }

    @Sendable func unlockForm(_ request: Request, context: TendRequestContext) async throws -> Response {
        guard try await !space.needsSetUp() else { return redirect(to: .setUp) }
        guard context.space == nil else { return redirect(to: .home) }
        return HTMLPage(UnlockPage.render(chrome: Chrome(context: context), hosting: space.hosting, error: nil)).response()
    }

    @Sendable func unlock(_ request: Request, context: TendRequestContext) async throws -> Response {
        let hosting = space.hosting
        return try await openSpace(request, context: context, form: { UnlockPage.render(chrome: $0, hosting: hosting, error: $1) }) { form in
            (try await space.unlock(name: form["name"], passphrase: form["passphrase"] ?? "", code: form["code"], client: context.clientAddress), nil)
        }
    }

    @Sendable func recoverForm(_ request: Request, context: TendRequestContext) async throws -> Response {
        guard try await !space.needsSetUp() else { return redirect(to: .setUp) }
        return HTMLPage(RecoverPage.render(chrome: Chrome(context: context), hosting: space.hosting, error: nil)).response()
    }

    @Sendable func recover(_ request: Request, context: TendRequestContext) async throws -> Response {
        let hosting = space.hosting
        return try await openSpace(request, context: context, form: { RecoverPage.render(chrome: $0, hosting: hosting, error: $1) }) { form in
            try await space.recover(
                name: form["name"], recoveryKeyText: form["recoveryKey"] ?? "", newPassphrase: form["passphrase"] ?? "",
                confirmation: form["confirmation"] ?? "", client: context.clientAddress)
        }
    }

    /// Runs an unlocking form: on success, the session cookie and home (or, after a recovery, the
    /// new recovery key to write down); on a person's mistake, the same form again with a plain message.
    private func openSpace(
        _ request: Request, context: TendRequestContext, form page: (Chrome, String?) -> String,
        _ open: (FormFields) async throws -> (token: String, recoveryKey: RecoveryKey?)
    ) async throws -> Response {
        var request = request
        let form = try await request.form(context: context)
        do {
            let (token, recoveryKey) = try await open(form)
            Observability.unlocks("opened").increment()
            var response = redirect(to: .home)
            if let recoveryKey {
                let chrome = Chrome(
                    csrfToken: context.csrfToken, isUnlocked: true, prefersLight: context.prefersLight, currentPath: context.currentPath)
                response = HTMLPage(RecoveryKeyPage.render(recoveryKey: recoveryKey, chrome: chrome, replacing: true)).response()
            }
            response.setCookie(SpaceCookieMiddleware.cookie(token: token))
            return response
        } catch let error as SpaceError {
            Observability.unlocks("refused").increment()
            return HTMLPage(page(Chrome(context: context), error.message), status: Problem(error).status).response()
        }
    }

    /// A path on this site to send a browser back to, or nil: it must start with one slash and hold
    /// no backslash, control character or space (browsers drop tabs and newlines, so `/\t/x` would
    /// become `//x`, another site).
    static func localPath(_ text: String) -> String? {
        guard text.hasPrefix("/"), !text.hasPrefix("//"),
            !text.unicodeScalars.contains(where: { $0 == "\\" || $0.value <= 0x20 || $0.value == 0x7f })
        else { return nil }
        return text
    }

    /// Switches theme and goes back to the page the person was on (same-origin only).
    @Sendable func theme(_ request: Request, context: TendRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form(context: context)
        // Only a local path: never an open redirect to another site.
        let back = form["back"].flatMap(Self.localPath) ?? SiteRoute.home.path
        var response = Response(status: .seeOther, headers: [.location: back])
        response.setCookie(SpaceCookieMiddleware.themeCookie(light: form["theme"] == "light"))
        return response
    }

    /// Turns discreet mode on or off for this device.
    @Sendable func discreet(_ request: Request, context: TendRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form(context: context)
        var response = Response(status: .seeOther, headers: [.location: SiteRoute.settings.path + "?saved=yes"])
        response.setCookie(SpaceCookieMiddleware.discreetCookie(on: form["discreet"] == "on"))
        return response
    }

    /// Leaves in a hurry: locks every browser of the space and shows a neutral page instead.
    @Sendable func quickExit(_ request: Request, context: TendRequestContext) async throws -> Response {
        await lock(context, then: .notes)
    }

    @Sendable func lock(_ request: Request, context: TendRequestContext) async throws -> Response {
        await lock(context, then: .unlock)
    }

    /// Locks the space (every browser of it), forgets this browser's token, and goes on to `route`.
    private func lock(_ context: TendRequestContext, then route: SiteRoute) async -> Response {
        if let token = context.spaceToken { await space.lock(token: token) }
        var response = redirect(to: route)
        response.setCookie(SpaceCookieMiddleware.expired)
        return response
    }
}
