import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TendCore
import TendVault
import Testing

@testable import TendWeb

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    var tendClock: TendClock { TendClock { [self] in now } }
}

/// Runs a test against the real application (the same `buildApplication` the command uses),
/// with a fresh data folder, a hand-moved clock and cheap key derivation.
///
/// With a `folder`, the data stays there for the caller (to start the app again on it).
func withTestApp(
    autoLockMinutes: Int = 15, folder kept: URL? = nil, clock: ManualClock = ManualClock(),
    _ body: @Sendable (Browser, ManualClock) async throws -> Void
) async throws {
    let folder = kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("tend-web-\(UUID().uuidString)")
    defer { if kept == nil { try? FileManager.default.removeItem(at: folder) } }
    let config = AppConfig(
        port: 0, dataDirectory: folder.path, scryptCost: .testingOnly, autoLockMinutes: autoLockMinutes, logLevel: .warning)
    let app = try await buildApplication(config: config, clock: clock.tendClock)
    try await app.test(.router) { client in
        try await body(Browser(client: client), clock)
    }
}

/// Behaves like a browser towards the app: keeps cookies, sends forms with the anti-forgery field.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]

    init(client: any TestClientProtocol) {
        self.client = client
    }

    var csrf: String? { cookies[CSRFMiddleware.cookieName] }

    @discardableResult
    func get(_ path: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await send(path, method: .get, headers: headers, body: nil)
    }

    /// Posts a form. The anti-forgery field is added unless `csrf` is given explicitly.
    @discardableResult
    func post(_ path: String, form: [String: String] = [:], csrf: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        if self.csrf == nil { try await get("/healthz") }
        var fields = form
        fields[CSRFMiddleware.fieldName] = csrf ?? self.csrf
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts a form with files the way a browser does (`multipart/form-data`). The anti-forgery
    /// field is added unless `csrf` is given explicitly.
    @discardableResult
    func upload(_ path: String, fields: [String: String] = [:], files: [String: Data] = [:], csrf: String? = nil) async throws -> TestResponse {
        if self.csrf == nil { try await get("/healthz") }
        let boundary = "----tend-test-\(UUID().uuidString)"
        var body = Data()
        // The anti-forgery field comes first, as in Tend's own form.
        let all = [(CSRFMiddleware.fieldName, csrf ?? self.csrf ?? "")] + fields.sorted { $0.key < $1.key }
        for (name, value) in all {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for (name, content) in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(name).json\"\r\nContent-Type: application/json\r\n\r\n".utf8))
            body.append(content)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return try await send(path, method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(data: body))
    }

    /// Sends JSON to the API with the anti-forgery header.
    @discardableResult
    func api(_ method: HTTPRequest.Method, _ path: String, json: String? = nil) async throws -> TestResponse {
        if csrf == nil { try await get("/api/v1/space") }
        var headers: HTTPFields = [.csrfToken: csrf ?? ""]
        if json != nil { headers[.contentType] = "application/json" }
        return try await send(path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func send(_ path: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || field.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return response
    }

    func forgetCookie(_ name: String) { cookies[name] = nil }

    /// Takes another browser's cookies, as the same browser reaching another instance would.
    func adoptCookies(from other: Browser) { cookies = other.cookies }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// Sets up a space through the real form and returns the recovery key shown.
    @discardableResult
    func setUpSpace(passphrase: String = "kettle violet harbour") async throws -> String {
        let response = try await post("/setup", form: ["passphrase": passphrase, "confirmation": passphrase])
        #expect(response.status == .ok)
        let match = try #require(response.text.firstMatch(of: /([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})/))
        return String(match.1)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var location: String? { headers[.location] }
}
