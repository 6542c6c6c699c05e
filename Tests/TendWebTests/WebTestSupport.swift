import Foundation
import Hummingbird
import HummingbirdTesting
import TendVault

@testable import TendWeb

/// A fresh data folder per test, removed afterwards.
func withTestApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-web-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = AppConfig(port: 0, dataDirectory: folder.path, scryptCost: .testingOnly, logLevel: .warning)
    let app = try await buildApplication(config: config)
    try await app.test(.router, body)
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
