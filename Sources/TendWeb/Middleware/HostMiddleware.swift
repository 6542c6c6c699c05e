import Foundation
import HTTPTypes
import Hummingbird

/// Answers only requests addressed to this Tend by a name it knows, so a page on another site
/// cannot reach it through a name that resolves to this computer (DNS rebinding).
struct HostMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    /// Host names (without port) this Tend answers to.
    let names: Set<String>

    /// The loopback names, the address Tend listens on, its network addresses under `--lan`, this
    /// computer's name, and any the person added.
    init(config: AppConfig) {
        var names: Set<String> = ["localhost", "127.0.0.1", "[::1]"]
        names.insert(config.host.lowercased())
        if config.lan {
            names.formUnion(TLSIdentity.lanAddresses())
            let computer = ProcessInfo.processInfo.hostName.lowercased()
            names.formUnion([computer, computer + ".local"])
        }
        names.formUnion(config.extraHostNames.map { $0.lowercased() })
        self.names = names
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // A request with no authority at all never reaches here over a real connection (the
        // connection guard requires one); in-process tests send none.
        // Over a connection, HTTP/1's Host header arrives as the authority; in-process tests send it as a field.
        if let authority = request.headers[Self.hostField] ?? request.head.authority, !(Self.hostName(of: authority).map(names.contains) ?? false) {
            throw HTTPError(.misdirectedRequest, message: "This Tend does not answer to that address. Use the address it printed when it started.")
        }
        return try await next(request, context)
    }

    static let hostField = HTTPField.Name("Host")!

    /// The host name of an authority, lower-cased, without its port (IPv6 literals keep brackets).
    /// Nil unless what follows the name is nothing or a port number: the authority also becomes
    /// the origin of the links Tend shows (a partner's join link, a practitioner's link code).
    static func hostName(of authority: String) -> String? {
        let lowered = authority.lowercased()
        let name: Substring
        if lowered.hasPrefix("["), let close = lowered.firstIndex(of: "]") {
            name = lowered[...close]
        } else {
            name = lowered.prefix { $0 != ":" }
        }
        let rest = lowered[name.endIndex...]
        guard rest.isEmpty || (rest.first == ":" && (2...6).contains(rest.count) && rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }) else { return nil }
        return String(name)
    }
}

/// Answers `HEAD` as `GET` without the body. Routes are found by method before any middleware
/// runs, so this wraps the whole router.
struct HeadAsGet<Base: HTTPResponder>: HTTPResponder {
    let base: Base

    func respond(to request: Request, context: Base.Context) async throws -> Response {
        guard request.method == .head else { return try await base.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await base.respond(to: Request(head: head, body: request.body), context: context)
        response.body = .init()
        return response
    }
}
