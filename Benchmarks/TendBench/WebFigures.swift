import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A tiny HTTP client that keeps Tend's two cookies, for driving a real server.
final class TendClient: @unchecked Sendable {
    let base: String
    private(set) var cookies: [String: String] = [:]
    private static let shared: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration, delegate: StayPut(), delegateQueue: nil)
    }()
    private var session: URLSession { Self.shared }

    /// Redirects are followed by hand, so the cookies they set are kept.
    final class StayPut: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }

    init(base: String) { self.base = base }

    /// Posts a form with the anti-forgery field, following redirects; returns the final page and its URL.
    func requestFollowing(_ method: String, _ path: String, form: [String: String]) async throws -> (Data, Int, URL?) {
        var fields = form
        fields["_csrf"] = cookies["tend_csrf"]
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        request.setValue(cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        remember(http)
        if (300..<400).contains(http.statusCode), let location = http.value(forHTTPHeaderField: "Location") {
            let (page, status) = try await self.request("GET", location)
            return (page, status, URL(string: base + location))
        }
        return (data, http.statusCode, http.url)
    }

    private func remember(_ http: HTTPURLResponse) {
        if let setCookie = http.value(forHTTPHeaderField: "Set-Cookie") {
            for part in setCookie.components(separatedBy: ", ") {
                let pair = part.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
            }
        }
    }

    @discardableResult
    func request(_ method: String, _ path: String, json: String? = nil) async throws -> (Data, Int) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        request.setValue(cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie")
        if let csrf = cookies["tend_csrf"] { request.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        remember(http)
        return (data, http.statusCode)
    }
}

/// Page weight and history rendering time against a real release server.
func webFigures(options: Options) async throws {
    guard FileManager.default.isExecutableFile(atPath: options.binary) else {
        print("web figures: SKIPPED, \(options.binary) is not built")
        return
    }
    let data = try temporaryFolder("web")
    defer { try? FileManager.default.removeItem(at: data) }
    let (process, port) = try startServer(binary: options.binary, dataDirectory: data)
    defer {
        process.terminate()
        process.waitUntilExit()
    }
    while !(await healthAnswers(port: port)) { try await Task.sleep(for: .milliseconds(5)) }
    let client = TendClient(base: "http://127.0.0.1:\(port)")
    try await client.request("GET", "/api/v1/space")
    try await client.request("POST", "/api/v1/space/setup", json: #"{"passphrase":"benchmark passphrase"}"#)

    // Page weight: the clock-point page and everything it loads.
    let (started, _) = try await client.request("POST", "/api/v1/sessions", json: #"{"mode":"solo"}"#)
    let id = (try JSONSerialization.jsonObject(with: started) as! [String: Any])["id"] as! String
    for _ in 0..<4 { try await client.request("POST", "/api/v1/sessions/\(id)/events", json: #"{"intent":"next"}"#) }
    let (page, _) = try await client.request("GET", "/sessions/\(id)")
    var total = page.count
    var parts = ["page \(page.count) B"]
    for asset in ["/assets/tend.css", "/assets/session.js", "/assets/icon.svg"] {
        let (bytes, _) = try await client.request("GET", asset)
        total += bytes.count
        parts.append("\(asset.split(separator: "/").last!) \(bytes.count) B")
    }
    print("clock-point session page with all its assets: \(total) B uncompressed (\(parts.joined(separator: ", "))); no web fonts")

    // History with 1,000 sessions, each walked to a rated clock point and ended.
    let sessionCount = 1000
    for _ in 1..<sessionCount {
        let (created, _) = try await client.request("POST", "/api/v1/sessions", json: #"{"mode":"solo"}"#)
        let newID = (try JSONSerialization.jsonObject(with: created) as! [String: Any])["id"] as! String
        for body in [#"{"intent":"next"}"#, #"{"intent":"next"}"#, #"{"intent":"next"}"#, #"{"intent":"next"}"#,
            #"{"intent":"rate","tension":3,"pain":1}"#, #"{"intent":"end"}"#] {
            try await client.request("POST", "/api/v1/sessions/\(newID)/events", json: body)
        }
    }
    var times: [Double] = []
    var size = 0
    for _ in 0..<max(10, options.runs * 4) {
        times.append(try await measure {
            let (body, _) = try await client.request("GET", "/sessions")
            size = body.count
        })
    }
    print("history page with \(sessionCount) sessions (unseal all + render, loopback round trip, \(times.count) runs): median \(milliseconds(percentile(times, 0.5))), p90 \(milliseconds(percentile(times, 0.9))), \(size / 1024) KiB of HTML")
}
