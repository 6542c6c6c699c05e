import Crypto
import Foundation
import TendCore

/// A secret link that opens one small sealed thing without the passphrase: the calendar feed a
/// calendar app fetches while the space is locked.
///
/// The link carries 32 random bytes. The server keeps only a hash of them (to find the row) and the
/// content sealed with a key derived from them, so the database on its own cannot read the content,
/// and the link opens nothing else.
public struct FeedCapability: Sendable, Equatable {
    /// The secret part of the link (43 characters of base64url).
    public let token: String
    private let secret: Data

    public static func random() -> FeedCapability {
        FeedCapability(secret: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    private init(secret: Data) {
        self.secret = secret
        self.token = secret.base64URLText
    }

    /// Reads a token from a link; nil unless it is exactly the shape Tend makes.
    public init?(token: String) {
        guard token.count == 43, token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        let standard = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "="
        guard let secret = Data(base64Encoded: standard), secret.count == 32 else { return nil }
        self.init(secret: secret)
    }

    /// What the server stores to find the feed: a hash, from which the token cannot be recovered.
    public var lookup: String {
        SHA256.hash(data: Data("tend feed lookup v1".utf8) + secret).hexText
    }

    private var key: DataKey {
        DataKey(key: HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secret), info: Data("tend feed key v1".utf8), outputByteCount: 32))
    }

    private func binding(owner: OwnerID) -> RecordBinding { RecordBinding(owner: owner, kind: "calendar-feed", id: lookup) }

    /// Seals the feed's content for this link.
    public func seal<Value: Encodable>(_ value: Value, owner: OwnerID) throws(VaultError) -> Data {
        try key.seal(value, for: binding(owner: owner))
    }

    /// Opens the feed's content; refused if it was sealed for another link or altered.
    public func open<Value: Decodable>(_ type: Value.Type, from sealed: Data, owner: OwnerID) throws(VaultError) -> Value {
        try key.open(type, from: sealed, for: binding(owner: owner))
    }
}
