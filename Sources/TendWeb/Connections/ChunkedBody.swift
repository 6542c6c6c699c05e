import NIOCore

/// Follows a `Transfer-Encoding: chunked` body byte by byte, only to know where it ends and how
/// large it is; the HTTP parser reads it for real afterwards.
struct ChunkedBody: Equatable {
    enum Step: Equatable {
        /// All these bytes belong to the body, and it goes on.
        case more
        /// The body ended after this many of the bytes.
        case ended(after: Int)
        case refused(Refusal)
    }

    private enum Phase: Equatable {
        case size(line: Int, value: Int, digits: Int, inExtension: Bool)
        case data(remaining: Int)
        case dataEnd(expected: Int)
        case trailer(line: Int, total: Int)
    }

    /// The largest body allowed, counting chunk data only.
    let limit: Int
    private var phase = Phase.size(line: 0, value: 0, digits: 0, inExtension: false)
    private var received = 0
    private static let longestLine = 1024
    private static let longestTrailer = 16 * 1024

    init(limit: Int) {
        self.limit = limit
    }

    /// Reads the next bytes of the body.
    mutating func read(_ bytes: ByteBufferView) -> Step {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch phase {
            case .size(let line, let value, let digits, let inExtension):
                guard line < Self.longestLine else { return .refused(.malformed("a chunk's size line is too long")) }
                if byte == UInt8(ascii: "\n") {
                    guard digits > 0 else { return .refused(.malformed("a chunk has no size")) }
                    phase = value == 0 ? .trailer(line: 0, total: 0) : .data(remaining: value)
                } else if inExtension || byte == UInt8(ascii: "\r") {
                    phase = .size(line: line + 1, value: value, digits: digits, inExtension: inExtension)
                } else if byte == UInt8(ascii: ";") {
                    phase = .size(line: line + 1, value: value, digits: digits, inExtension: true)
                } else if let digit = Self.hexValue(byte) {
                    // Sixteen hex digits would overflow; the limit is far below that anyway.
                    guard digits < 15 else { return .refused(.bodyTooLarge(limit: limit)) }
                    let next = value * 16 + digit
                    guard received + next <= limit else { return .refused(.bodyTooLarge(limit: limit)) }
                    phase = .size(line: line + 1, value: next, digits: digits + 1, inExtension: false)
                } else {
                    return .refused(.malformed("a chunk's size is not a hexadecimal number"))
                }
                index = bytes.index(after: index)
            case .data(let remaining):
                let count = min(remaining, bytes.distance(from: index, to: bytes.endIndex))
                received += count
                index = bytes.index(index, offsetBy: count)
                phase = remaining == count ? .dataEnd(expected: 2) : .data(remaining: remaining - count)
            case .dataEnd(let expected):
                let wanted = expected == 2 ? UInt8(ascii: "\r") : UInt8(ascii: "\n")
                if byte == wanted {
                    phase = expected == 2 ? .dataEnd(expected: 1) : .size(line: 0, value: 0, digits: 0, inExtension: false)
                } else if expected == 2 && byte == UInt8(ascii: "\n") {
                    phase = .size(line: 0, value: 0, digits: 0, inExtension: false)
                } else {
                    return .refused(.malformed("a chunk is longer than its size says"))
                }
                index = bytes.index(after: index)
            case .trailer(let line, let total):
                guard total < Self.longestTrailer else { return .refused(.headTooLarge) }
                index = bytes.index(after: index)
                if byte == UInt8(ascii: "\n") {
                    if line == 0 { return .ended(after: bytes.distance(from: bytes.startIndex, to: index)) }
                    phase = .trailer(line: 0, total: total + 1)
                } else if byte == UInt8(ascii: "\r") {
                    phase = .trailer(line: line, total: total + 1)
                } else {
                    phase = .trailer(line: line + 1, total: total + 1)
                }
            }
        }
        return .more
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
