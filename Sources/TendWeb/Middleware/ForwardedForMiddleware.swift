import Foundation
import HTTPTypes
import Hummingbird

/// Behind a reverse proxy, every connection comes from the proxy. When it is one the operator
/// named (`--trusted-proxy`), its `X-Forwarded-For` says who the client is, so per-client limits
/// (unlock back-off, pairing tries) stay per person. From anyone else the header is ignored: a
/// client cannot choose its own address.
struct ForwardedForMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    static let header = HTTPField.Name("X-Forwarded-For")!

    let trusted: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let peer = context.channel.remoteAddress?.ipAddress, trusted.contains(peer),
            let forwarded = request.headers[Self.header]
        {
            // The proxy appends the address it saw last; anything before it came from the client.
            let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !last.isEmpty, last.count <= 64 { context.forwardedFor = last }
        }
        return try await next(request, context)
    }
}
