import Crypto
import Foundation

/// Seals a small value under a key derived from a secret that is not a space's data key: a
/// partner's token, or a pairing code joined with the instances' own secret. `context` names what
/// is sealed and for which session; it goes into the key and is authenticated, so a blob moved to
/// another row or purpose does not open.
public enum DerivedSeal {
    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// Seals `value` as JSON under `secret`, for `context`.
    public static func seal<Value: Encodable>(_ value: Value, secret: Data, context: String) throws(VaultError) -> Data {
        guard let plaintext = try? encoder.encode(value),
            let box = try? AES.GCM.seal(plaintext, using: key(secret, context), authenticating: Data(context.utf8)),
            let combined = box.combined
        else { throw .recordUnreadable }
        return combined
    }

    /// Opens what ``seal(_:secret:context:)`` made; nil for another secret or context, or a damaged blob.
    public static func open<Value: Decodable>(_ type: Value.Type, from sealed: Data, secret: Data, context: String) -> Value? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed),
            let plaintext = try? AES.GCM.open(box, using: key(secret, context), authenticating: Data(context.utf8))
        else { return nil }
        return try? decoder.decode(type, from: plaintext)
    }

    private static func key(_ secret: Data, _ context: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), salt: Data("tend derived seal v1".utf8), info: Data(context.utf8),
            outputByteCount: 32)
    }
}
