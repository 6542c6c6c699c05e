import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import X509

@testable import TendWeb

@Suite("Serving the local network over TLS")
struct LANTests {
    @Test func theCertificateIsMadeOnceKeptPrivateAndReused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-tls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }

        let first = try TLSIdentity.loadOrCreate(in: folder)
        let second = try TLSIdentity.loadOrCreate(in: folder)

        #expect(first.fingerprint == second.fingerprint)
        #expect(first.fingerprint.split(separator: ":").count == 32)
        let certificate = try Certificate(derEncoded: first.certificateDER)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("localhost")))
        #expect(certificate.notValidAfter > Date().addingTimeInterval(365 * 86_400))
        let keyAttributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("private-key.pem").path)
        #expect((keyAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func tendAnswersOverHTTPSAndItsCookiesAreSecure() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-lan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = AppConfig(port: 0, dataDirectory: folder.path, scryptCost: .testingOnly, logLevel: .warning)
        config.lan = true
        let app = try await buildApplication(config: config)

        try await app.test(.ahc(.https)) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            let home = try await client.execute(uri: "/", method: .get)
            let cookie = try #require(home.headers[values: .setCookie].first { $0.hasPrefix("__Host-tend_csrf=") })
            #expect(cookie.contains("; Secure"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Domain"))

            // The prefixed cookie is the one that counts: a form carrying its token is accepted…
            let token = String(cookie.dropFirst("__Host-tend_csrf=".count).prefix { $0 != ";" })
            let form = "_csrf=\(token)&theme=light"
            func postTheme(cookie: String) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: "/theme", method: .post,
                    headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: form)
                ).status
            }
            // (This client follows the redirect, so an accepted post ends on the home page.)
            let accepted = try await postTheme(cookie: "__Host-tend_csrf=\(token)")
            #expect(accepted == .ok, "\(accepted)")
            // …while the same token in a cookie without the prefix, which anyone could plant, is not.
            #expect(try await postTheme(cookie: "tend_csrf=\(token)") == .forbidden)
        }
    }
}
