import Crypto
import Foundation
import TendCore

/// Names a sealed record, so a blob only opens as the record it was sealed for.
public struct RecordBinding: Hashable, Sendable {
    /// Who owns the record.
    public let owner: OwnerID
    /// What kind of record it is, e.g. "session".
    public let kind: String
    /// The record's own identifier.
    public let id: String

    /// Creates a binding.
    public init(owner: OwnerID, kind: String, id: String) {
        self.owner = owner
        self.kind = kind
        self.id = id
    }

    /// The associated data AES-GCM authenticates: each part length-prefixed, so no two
    /// different bindings can produce the same bytes.
    var authenticatedData: Data {
        var data = Data("tend record v1".utf8)
        for part in [owner.rawValue, kind, id] {
            let bytes = Data(part.utf8)
            withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { data.append(contentsOf: $0) }
            data.append(bytes)
        }
        return data
    }
}

/// The random 256-bit key that seals a person's records. It lives only in memory while unlocked.
public struct DataKey: Sendable {
    let key: SymmetricKey
    private static let formatByte: UInt8 = 1

    init(key: SymmetricKey) {
        self.key = key
    }

    static func random() -> DataKey {
        DataKey(key: SymmetricKey(size: .bits256))
    }

    /// Seals bytes for one record.
    public func seal(_ plaintext: Data, for binding: RecordBinding) throws(VaultError) -> Data {
        do {
            let box = try AES.GCM.seal(plaintext, using: key, authenticating: binding.authenticatedData)
            guard let combined = box.combined else { throw VaultError.recordUnreadable }
            return Data([Self.formatByte]) + combined
        } catch {
            throw .recordUnreadable
        }
    }

    /// Opens a record's bytes; a blob that was altered or sealed for another record is refused.
    public func open(_ sealed: Data, for binding: RecordBinding) throws(VaultError) -> Data {
        guard sealed.first == Self.formatByte,
            let box = try? AES.GCM.SealedBox(combined: sealed.dropFirst()),
            let plaintext = try? AES.GCM.open(box, using: key, authenticating: binding.authenticatedData)
        else { throw .recordTampered }
        return plaintext
    }

    /// An identifier only this key can make: the same name always gives the same identifier, and the
    /// identifier reveals nothing of the name (HMAC-SHA256 under a key derived for this one use).
    /// For records whose natural key is itself private, like the day of a check-in.
    public func opaqueIdentifier(for name: String) -> String {
        let subkey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key, info: Data("tend record identifiers v1".utf8), outputByteCount: 32)
        return Data(HMAC<SHA256>.authenticationCode(for: Data(name.utf8), using: subkey)).prefix(16).hexText
    }

    // Made once: every sealed record passes through these.
    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// Encodes a value as JSON and seals it.
    public func seal<Value: Encodable>(_ value: Value, for binding: RecordBinding) throws(VaultError) -> Data {
        guard let plaintext = try? Self.encoder.encode(value) else { throw .recordUnreadable }
        return try seal(plaintext, for: binding)
    }

    /// Opens a sealed record and decodes its JSON.
    public func open<Value: Decodable>(_ type: Value.Type, from sealed: Data, for binding: RecordBinding) throws(VaultError) -> Value {
        let plaintext = try open(sealed, for: binding)
        guard let value = try? Self.decoder.decode(type, from: plaintext) else { throw .recordUnreadable }
        return value
    }
}
