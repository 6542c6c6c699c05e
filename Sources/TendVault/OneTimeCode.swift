import Crypto
import Foundation

/// Six-digit codes from an authenticator app (TOTP, RFC 6238: HMAC-SHA1, 30-second steps), the
/// second factor practitioners sign in with. The secret is kept sealed in the practitioner's own
/// space, so it is checked only once their passphrase has opened it, and a stolen database holds
/// no secret to make codes from.
public struct OneTimeCode: Sendable, Equatable {
    public static let digits = 6
    public static let step: TimeInterval = 30

    /// The shared secret: 20 random bytes, as authenticator apps expect.
    public let secret: Data

    /// A new secret.
    public init() {
        secret = SymmetricKey(size: SymmetricKeySize(bitCount: 160)).withUnsafeBytes { Data($0) }
    }

    /// A secret typed or kept as base32 (the form authenticator apps show), or raw bytes.
    public init(secret: Data) {
        self.secret = secret
    }

    public init?(base32 text: String) {
        guard let data = Base32.decode(text), data.count >= 10 else { return nil }
        secret = data
    }

    /// The secret as authenticator apps take it, in groups of four for typing.
    public var base32: String { Base32.encode(secret) }

    /// The time step `date` falls in.
    public static func timeStep(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / step).rounded(.down))
    }

    /// The code for a time step.
    public func code(forStep counter: Int64) -> String {
        var bigEndian = UInt64(bitPattern: counter).bigEndian
        let message = withUnsafeBytes(of: &bigEndian) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let value = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let code = value % 1_000_000
        return String(format: "%06d", code)
    }

    /// The code shown at `date`.
    public func code(at date: Date) -> String { code(forStep: Self.timeStep(at: date)) }

    /// The step a typed code belongs to, allowing one step either side for a clock a little off;
    /// nil when it matches none. Anything but the ASCII digits typed is ignored.
    public func matchingStep(_ typed: String, at date: Date) -> Int64? {
        let digits = typed.filter { $0.isASCII && $0.isNumber }
        guard digits.utf8.count == Self.digits else { return nil }
        let now = Self.timeStep(at: date)
        return [now, now - 1, now + 1].first { step in
            // Compared in constant time, so timing says nothing about how close a guess was.
            Data(code(forStep: step).utf8).withUnsafeBytes { expected in
                Data(digits.utf8).withUnsafeBytes { given in
                    zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
                }
            }
        }
    }

    /// The link an authenticator app reads (as a QR code) to add this secret.
    public func authenticatorLink(account: String, issuer: String) -> String {
        func escaped(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        }
        let secret = base32.replacingOccurrences(of: " ", with: "")
        return "otpauth://totp/\(escaped(issuer)):\(escaped(account))?secret=\(secret)&issuer=\(escaped(issuer))&digits=6&period=30"
    }
}

/// RFC 4648 base32, without padding; decoding ignores spaces, dashes and case.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    static func encode(_ data: Data) -> String {
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in data {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return stride(from: 0, to: output.count, by: 4).map { start in
            let from = output.index(output.startIndex, offsetBy: start)
            let to = output.index(from, offsetBy: min(4, output.count - start))
            return String(output[from..<to])
        }.joined(separator: " ")
    }

    static func decode(_ text: String) -> Data? {
        var output = Data()
        var buffer = 0
        var bits = 0
        for character in text.uppercased() where character != " " && character != "-" && character != "=" {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xff))
                bits -= 8
            }
            buffer &= 0xffff
        }
        return output
    }
}
