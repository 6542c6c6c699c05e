import Foundation
import Hummingbird
import MultipartKit

/// The fields of a `multipart/form-data` body: what a form with a file input sends.
struct UploadedForm: Sendable {
    /// The largest body Tend reads as an upload: an export file of many years fits well inside.
    static let largestUpload = 64 << 20
    /// The one route that takes a file: bringing an export into a new space.
    static let route = SiteRoute.setUpFromExport

    private var parts: [String: Data] = [:]

    /// Reads a multipart body as it arrives; nil when the request is not multipart.
    ///
    /// Unless the anti-forgery token came in a header, the form's first field must be that token:
    /// it is checked as soon as it has arrived, so a forged upload is refused after its first few
    /// bytes, never after parsing megabytes.
    static func read(
        contentType: String?, body: RequestBody, expectedToken: String, tokenInHeader: Bool, limit: Int = largestUpload
    ) async throws -> UploadedForm? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = Self.boundary(in: contentType)
        else { return nil }
        var form = UploadedForm()
        var name: String?
        var bytes = Data()
        var firstIsToken: Bool?
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { field, value in
            if field.lowercased() == "content-disposition" { name = Self.parameter("name", in: value) }
        }
        parser.onBody = { chunk in bytes.append(contentsOf: chunk.readableBytesView) }
        parser.onPartComplete = {
            if firstIsToken == nil {
                firstIsToken = name == CSRFMiddleware.fieldName && bytes == Data(expectedToken.utf8)
            }
            if let name { form.parts[name] = bytes }
            name = nil
            bytes = Data()
        }
        var received = 0
        for try await chunk in body {
            received += chunk.readableBytes
            guard received <= limit else { throw HTTPError(.contentTooLarge) }
            do {
                try parser.execute(chunk)
            } catch {
                return nil
            }
            if !tokenInHeader, firstIsToken == false { throw CSRFRefused() }
        }
        if !tokenInHeader, firstIsToken != true { throw CSRFRefused() }
        return form
    }

    /// A field's raw bytes (a file's content, for a file input).
    func data(_ name: String) -> Data? { parts[name] }

    /// A text field.
    subscript(name: String) -> String? { parts[name].map { String(decoding: $0, as: UTF8.self) } }

    private static func boundary(in contentType: String) -> String? {
        parameter("boundary", in: contentType).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A `name=value` or `name="value"` parameter of a header value.
    private static func parameter(_ wanted: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == wanted else { continue }
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            return value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") ? String(value.dropFirst().dropLast()) : value
        }
        return nil
    }
}

