import Foundation

extension Data {
    /// Base64 with the URL-safe alphabet and no padding: fit for links, cookies and paths.
    public var base64URLText: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension Sequence<UInt8> {
    /// Lower-case hexadecimal, two digits a byte.
    public var hexText: String { map { String(format: "%02x", $0) }.joined() }
}
