import Foundation
import Hummingbird
import TendApp
import TendCore
import TendStore

/// Taking everything away (export) and erasing everything, from the browser.
struct YourDataController {
    let store: any Store
    let keeper: any KeyKeeper
    let rooms: LiveRooms
    let program: Program

    func register(on router: Router<TendRequestContext>) {
        router.get(SiteRoute.yourData.pattern, use: page)
        router.get(SiteRoute.exportDownload.pattern, use: download)
        router.get(SiteRoute.exportTablesDownload.pattern, use: downloadTables)
        router.post(SiteRoute.erase.pattern, use: erase)
    }

    @Sendable func page(_ request: Request, context: TendRequestContext) async throws -> Response {
        _ = try context.requireSpace()
        return HTMLPage(YourDataPage.render(problem: nil, chrome: Chrome(context: context))).response()
    }

    @Sendable func download(_ request: Request, context: TendRequestContext) async throws -> Response {
        let export = try await SpaceExport.gather(from: store, space: try context.requireSpace())
        return Self.attachment(try export.encoded(), named: "tend-export.json", type: "application/json; charset=utf-8")
    }

    @Sendable func downloadTables(_ request: Request, context: TendRequestContext) async throws -> Response {
        let export = try await SpaceExport.gather(from: store, space: try context.requireSpace())
        return Self.attachment(try export.csvArchive(program: program), named: "tend-export-tables.zip", type: "application/zip")
    }

    /// A file to save (like every response, never cached: see `SecurityHeadersMiddleware`).
    static func attachment(_ data: Data, named name: String, type: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    @Sendable func erase(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        guard SpaceArchive.confirmsErase(form["confirmation"] ?? "") else {
            return HTMLPage(
                YourDataPage.render(problem: ArchiveError.confirmationDiffers(expected: SpaceArchive.eraseConfirmation).message, chrome: Chrome(context: context)),
                status: .badRequest
            ).response()
        }
        await keeper.lockAll(owner: space.owner)
        try await store.eraseSpace(owner: space.owner)
        var response = Response(status: .seeOther, headers: [.location: SiteRoute.home.path])
        response.setCookie(SpaceCookieMiddleware.expired)
        return response
    }
}
