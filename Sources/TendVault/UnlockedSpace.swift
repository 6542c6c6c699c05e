import Foundation
import TendCore

/// A space whose data key is open in memory: what every read or write of sealed records needs.
public struct UnlockedSpace: Sendable {
    /// Whose space it is.
    public let owner: OwnerID
    /// The open data key.
    public let key: DataKey

    /// Pairs an owner with their open data key.
    public init(owner: OwnerID, key: DataKey) {
        self.owner = owner
        self.key = key
    }

    /// Seals a value as one of this owner's records.
    public func seal<Value: Encodable>(_ value: Value, kind: String, id: String) throws(VaultError) -> Data {
        try key.seal(value, for: RecordBinding(owner: owner, kind: kind, id: id))
    }

    /// Seals a record already written as JSON text (the live signal log writes its own, for speed).
    public func seal(json: String, kind: String, id: String) throws(VaultError) -> Data {
        try key.seal(Data(json.utf8), for: RecordBinding(owner: owner, kind: kind, id: id))
    }

    /// An identifier for a record whose natural key is private (see `DataKey.opaqueIdentifier`).
    public func opaqueIdentifier(for name: String) -> String {
        key.opaqueIdentifier(for: name)
    }

    /// Opens one of this owner's records.
    public func open<Value: Decodable>(_ type: Value.Type, from sealed: Data, kind: String, id: String) throws(VaultError) -> Value {
        try key.open(type, from: sealed, for: RecordBinding(owner: owner, kind: kind, id: id))
    }
}
