import Foundation
import NIOCore

/// Why the connection guard answered a request itself, and the answer it sends.
enum Refusal: Equatable {
    case malformed(String)
    case targetTooLong
    case headTooLarge
    case bodyTooLarge(limit: Int)
    case methodNotAllowed
    case timedOut
    /// A live connection that may not be opened (an unknown ticket, another site's page).
    case liveConnectionRefused(String)

    var status: (code: Int, reason: String) {
        switch self {
        case .malformed: (400, "Bad Request")
        case .targetTooLong: (414, "URI Too Long")
        case .headTooLarge: (431, "Request Header Fields Too Large")
        case .bodyTooLarge: (413, "Content Too Large")
        case .methodNotAllowed: (405, "Method Not Allowed")
        case .timedOut: (408, "Request Timeout")
        case .liveConnectionRefused: (403, "Forbidden")
        }
    }

    var detail: String {
        switch self {
        case .malformed(let why): "This request could not be read: \(why)."
        case .targetTooLong: "This address is longer than Tend accepts."
        case .headTooLarge: "This request carried more headers than Tend accepts."
        case .bodyTooLarge(let limit):
            "This is more than Tend accepts here (at most \(ByteCountFormatter.string(fromByteCount: Int64(limit), countStyle: .binary)))."
        case .methodNotAllowed: "Tend answers GET, HEAD and POST only."
        case .timedOut: "This request took too long to arrive, so the connection was closed."
        case .liveConnectionRefused(let why): why
        }
    }

    /// The whole HTTP response, with the same security headers as every other answer, closing the
    /// connection.
    func response(allocator: ByteBufferAllocator) -> ByteBuffer {
        let title = if case .liveConnectionRefused = self { "Live connection refused" } else { status.reason }
        let problem = Problem(status: .init(code: status.code, reasonPhrase: status.reason), title: title, detail: detail)
        let body = (try? JSONEncoder().encode(problem)) ?? Data()
        var text = "HTTP/1.1 \(status.code) \(status.reason)\r\n"
        text += "Content-Type: application/problem+json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        if self == .methodNotAllowed { text += "Allow: GET, HEAD, POST\r\n" }
        for (name, value) in SecurityHeadersMiddleware.fields {
            text += "\(name.rawName): \(value)\r\n"
        }
        text += "\r\n"
        var buffer = allocator.buffer(capacity: text.utf8.count + body.count)
        buffer.writeString(text)
        buffer.writeBytes(body)
        return buffer
    }
}

/// The checks the connection guard makes on a complete request head: framing a proxy and Tend
/// would read the same way, sizes within the limits, and a body length known up front.
enum RequestHead {
    enum Verdict: Equatable {
        case accepted(body: Body, upgrade: Bool)
        case refused(Refusal)
    }

    /// How the body that follows a head is framed.
    enum Body: Equatable {
        case length(Int)
        case chunked(limit: Int)
    }

    /// Checks one head (request line, header lines and the blank line).
    static func check(_ head: ByteBuffer, limits: ConnectionLimits) -> Verdict {
        guard let bytes = head.getBytes(at: head.readerIndex, length: head.readableBytes),
            bytes.allSatisfy({ $0 >= 0x20 && $0 != 0x7f || $0 == 0x09 || $0 == 0x0d || $0 == 0x0a })
        else { return .refused(.malformed("it holds characters a request head may not")) }
        // Split on the bytes: as Characters, "\r\n" is one grapheme and would not split on "\n".
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            Substring(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }
        guard !lines.contains(where: { $0.utf8.contains(UInt8(ascii: "\r")) }) else {
            return .refused(.malformed("it holds a stray carriage return"))
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }  // blank lines before a request are allowed
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { return .refused(.malformed("it is empty")) }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenCharacter) else {
            return .refused(.malformed("its first line is not a method, an address and a version"))
        }
        guard parts[1].utf8.count <= limits.maxTargetBytes else { return .refused(.targetTooLong) }
        guard parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else { return .refused(.malformed("Tend speaks HTTP/1.1")) }
        guard parts[1].hasPrefix("/") else { return .refused(.malformed("its address must start with /")) }
        // The API answers other methods itself, with the methods each path takes (405 and Allow).
        guard ["GET", "HEAD", "POST"].contains(parts[0]) || parts[1].hasPrefix("/api/") else { return .refused(.methodNotAllowed) }

        let headerLines = lines.dropFirst()
        guard headerLines.count <= limits.maxHeaderLines else { return .refused(.headTooLarge) }
        var contentLengths: [Substring] = []
        var hosts = 0
        var transferCodings: [String] = []
        var upgrade = false
        for line in headerLines {
            guard let first = line.first, first != " ", first != "\t" else {
                return .refused(.malformed("a header is folded over two lines"))
            }
            guard let colon = line.firstIndex(of: ":"), colon > line.startIndex,
                line[..<colon].allSatisfy(isTokenCharacter)
            else { return .refused(.malformed("a header line has no name")) }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "content-length": contentLengths.append(Substring(value))
            case "transfer-encoding": transferCodings.append(value.lowercased())
            case "host": hosts += 1
            case "upgrade": upgrade = true
            default: break
            }
        }
        if parts[2] == "HTTP/1.1", hosts != 1 { return .refused(.malformed("it must name one Host")) }
        let path = parts[1].prefix { $0 != "?" }
        let limit = limits.maxBody(for: path)
        if !transferCodings.isEmpty {
            guard contentLengths.isEmpty else { return .refused(.malformed("it gives its length two ways")) }
            guard transferCodings == ["chunked"] else { return .refused(.malformed("Tend reads only the chunked transfer coding")) }
            return .accepted(body: .chunked(limit: limit), upgrade: false)
        }
        guard contentLengths.count <= 1 else { return .refused(.malformed("it gives its length more than once")) }
        var bodyLength = 0
        if let declared = contentLengths.first {
            guard !declared.isEmpty, declared.count <= 18, declared.allSatisfy(\.isASCIIDigit), let length = Int(declared) else {
                return .refused(.malformed("its Content-Length is not a number"))
            }
            bodyLength = length
        }
        guard bodyLength <= limit else { return .refused(.bodyTooLarge(limit: limit)) }
        return .accepted(body: .length(bodyLength), upgrade: upgrade && bodyLength == 0)
    }

    /// The characters HTTP allows in a method or header name.
    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x41 && ascii <= 0x5a) || (ascii >= 0x61 && ascii <= 0x7a)
            || "!#$%&'*+-.^_`|~".utf8.contains(ascii)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}
