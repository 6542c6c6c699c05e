import Crypto
import Foundation
import TendCore

/// An unlock that any instance of a hosted Tend can use, and that neither the database nor the
/// browser can use alone.
///
/// The browser keeps a random 256-bit token in its cookie. The database keeps two things derived
/// from it: a one-way ``lookup`` (which row is this browser's) and the data key sealed under a key
/// that only the token gives (``sealedKey``). A stolen database, or a backup, has the sealed key
/// without the token. A stolen cookie has the token without the sealed key. Locking deletes the row,
/// after which the token opens nothing anywhere.
public struct UnlockTicket: Sendable {
    /// The token for the browser's cookie: 32 random bytes, URL-safe text.
    public let token: String
    /// What the database finds the row by: SHA-256 of the token, as hex.
    public let lookup: String
    /// The data key, sealed under a key derived from the token and bound to its owner.
    public let sealedKey: Data

    /// A new ticket for an unlocked space.
    public init(for space: UnlockedSpace) throws(VaultError) {
        let token = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64URLText
        self.token = token
        self.lookup = Self.lookup(for: token)
        let raw = space.key.key.withUnsafeBytes { Data($0) }
        do {
            let box = try AES.GCM.seal(raw, using: Self.wrappingKey(for: token), authenticating: Self.binding(space.owner))
            guard let combined = box.combined else { throw VaultError.keyMaterialDamaged }
            self.sealedKey = combined
        } catch {
            throw .keyMaterialDamaged
        }
    }

    /// The row a token names.
    public static func lookup(for token: String) -> String {
        Data(SHA256.hash(data: Data(("tend unlock lookup v1:" + token).utf8))).hexText
    }

    /// Opens the data key a row holds with the browser's token; nil when the token is not the one
    /// it was sealed under, or the row was moved to another owner.
    public static func open(_ sealedKey: Data, token: String, owner: OwnerID) -> UnlockedSpace? {
        guard let box = try? AES.GCM.SealedBox(combined: sealedKey),
            let raw = try? AES.GCM.open(box, using: wrappingKey(for: token), authenticating: binding(owner)),
            raw.count == 32
        else { return nil }
        return UnlockedSpace(owner: owner, key: DataKey(key: SymmetricKey(data: raw)))
    }

    private static func wrappingKey(for token: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(token.utf8)), info: Data("tend unlock ticket v1".utf8), outputByteCount: 32)
    }

    private static func binding(_ owner: OwnerID) -> Data {
        Data("tend unlocked key v1:".utf8) + Data(owner.rawValue.utf8)
    }
}
