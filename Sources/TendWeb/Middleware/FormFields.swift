import Foundation
import Hummingbird

/// The fields of a URL-encoded form, read leniently: unknown fields are ignored, the last of a
/// repeated field wins.
struct FormFields: Sendable {
    private var values: [String: String] = [:]

    init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            values[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
        }
    }

    subscript(name: String) -> String? { values[name] }

    /// A field as text with surrounding space removed; nil when absent or empty.
    func text(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func decode(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension Request {
    /// The URL-encoded form in the body (already size-limited by the context).
    mutating func form(context: TendRequestContext) async throws -> FormFields {
        FormFields(String(buffer: try await collectBody(upTo: context.bodyLimit(for: uri.path))))
    }
}
