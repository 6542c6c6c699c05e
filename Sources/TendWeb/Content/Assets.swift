import Crypto
import Foundation
import Hummingbird
import TendVault

/// Tend's own static files (styles, scripts, icons), served from memory. No page loads
/// anything from anywhere else.
enum Asset: String, CaseIterable {
    case stylesheet = "tend.css"
    case sessionScript = "session.js"
    case practiceScript = "practice.js"
    case liveScript = "live.js"
    case icon = "icon.svg"
    case icon192 = "icon-192.png"
    case icon512 = "icon-512.png"
    case maskableIcon = "icon-maskable-512.png"
    case neutralIcon = "icon-neutral.svg"
    case neutralIcon192 = "icon-neutral-192.png"
    case neutralIcon512 = "icon-neutral-512.png"
    case appScript = "app.js"
    case serviceWorker = "sw.js"

    /// The address the asset is served at.
    var path: String { "/assets/\(rawValue)" }

    var contentType: String {
        switch URL(fileURLWithPath: rawValue).pathExtension {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }
}

/// The assets' bytes, read once at start-up.
struct AssetLibrary: Sendable {
    struct Entry: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        let etag: String
    }

    private let entries: [String: Entry]

    /// Reads every ``Asset`` from the bundle; a missing file is a build fault, reported at start-up.
    static func load() throws -> AssetLibrary {
        var entries: [String: Entry] = [:]
        for asset in Asset.allCases {
            guard let url = Bundle.module.url(forResource: asset.rawValue, withExtension: nil, subdirectory: "assets") else {
                throw AssetMissing(name: asset.rawValue)
            }
            let data = try Data(contentsOf: url)
            let digest = SHA256.hash(data: data).prefix(8).hexText
            entries[asset.rawValue] = Entry(bytes: ByteBuffer(bytes: data), contentType: asset.contentType, etag: "\"\(digest)\"")
        }
        return AssetLibrary(entries: entries)
    }

    struct AssetMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "the asset \(name) is missing from this build" }
    }

    /// Answers a request for an asset by name, honouring `If-None-Match`.
    func response(name: String, request: Request) -> Response? {
        guard let entry = entries[name] else { return nil }
        var headers: HTTPFields = [.contentType: entry.contentType, .eTag: entry.etag, .cacheControl: "no-cache"]
        if request.headers[.ifNoneMatch] == entry.etag {
            headers[.contentLength] = "0"
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: entry.bytes))
    }
}
