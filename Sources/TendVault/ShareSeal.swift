import Crypto
import Foundation

/// A practitioner's key pair for receiving what people share, and sealing to it (HPKE, RFC 9180:
/// X25519, HKDF-SHA256, ChaCha20-Poly1305). A person's browser session seals each share to the
/// practitioner's public key before it is stored, so the database, the operator and every other
/// practitioner hold only ciphertext; the private half lives sealed in the practitioner's own space.
public struct ShareKeyPair: Sendable {
    let privateKey: Curve25519.KeyAgreement.PrivateKey

    /// A new key pair.
    public init() {
        privateKey = Curve25519.KeyAgreement.PrivateKey()
    }

    /// The key pair kept as `raw` (its private half's 32 bytes).
    public init(raw: Data) throws(VaultError) {
        guard let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw) else { throw .keyMaterialDamaged }
        privateKey = key
    }

    /// The private half's bytes, to keep sealed in the practitioner's space.
    public var raw: Data { privateKey.rawRepresentation }

    /// The public half's bytes, which anyone may hold.
    public var publicKey: Data { privateKey.publicKey.rawRepresentation }

    /// Opens what ``ShareSeal/seal(_:to:context:)`` sealed to this key pair for `context`; nil
    /// for another key, another context, or a damaged blob.
    public func open(_ sealed: Data, context: String) -> Data? {
        guard sealed.count > ShareSeal.encapsulatedKeyLength,
            var recipient = try? HPKE.Recipient(
                privateKey: privateKey, ciphersuite: ShareSeal.suite, info: Data(context.utf8),
                encapsulatedKey: sealed.prefix(ShareSeal.encapsulatedKeyLength))
        else { return nil }
        return try? recipient.open(sealed.dropFirst(ShareSeal.encapsulatedKeyLength), authenticating: Data(context.utf8))
    }
}

/// Sealing to a practitioner's public key.
public enum ShareSeal {
    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    static let encapsulatedKeyLength = 32

    /// Seals `plaintext` to the public key `recipient` (32 bytes) for `context`, which names what
    /// it is and for which link, so a blob moved elsewhere does not open.
    public static func seal(_ plaintext: Data, to recipient: Data, context: String) throws(VaultError) -> Data {
        guard let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: recipient),
            var sender = try? HPKE.Sender(recipientKey: key, ciphersuite: suite, info: Data(context.utf8)),
            let sealed = try? sender.seal(plaintext, authenticating: Data(context.utf8))
        else { throw .keyMaterialDamaged }
        return sender.encapsulatedKey + sealed
    }
}
