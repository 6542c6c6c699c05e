import Crypto
import Foundation

/// The data key, wrapped twice: once under the passphrase, once under the recovery key.
///
/// This is what is stored. It reveals nothing without one of the two secrets, and the
/// passphrase itself is never stored: successfully unwrapping the data key is the proof.
public struct KeyRing: Codable, Hashable, Sendable {
    /// The data key sealed under the passphrase's key-encryption key.
    public internal(set) var passphrase: WrappedKey
    /// The data key sealed under the recovery key's key-encryption key.
    public internal(set) var recovery: WrappedKey

    /// Shortest passphrase accepted: long enough to resist guessing at scrypt's cost.
    public static let minimumPassphraseLength = 10

    /// Sets up a new space: a random data key, wrapped under the passphrase and a fresh recovery key.
    /// The recovery key is returned to be shown once; it is not stored anywhere.
    public static func create(
        passphrase: String, cost: ScryptCost = .standard
    ) async throws(VaultError) -> (keyRing: KeyRing, recoveryKey: RecoveryKey, dataKey: DataKey) {
        try checkStrength(passphrase)
        let dataKey = DataKey.random()
        let recoveryKey = RecoveryKey.random()
        let keyRing = KeyRing(
            passphrase: try await WrappedKey.wrap(dataKey, passphrase: passphrase, cost: cost),
            recovery: try WrappedKey.wrap(dataKey, recoveryKey: recoveryKey))
        return (keyRing, recoveryKey, dataKey)
    }

    /// Opens the data key with the passphrase.
    public func unlock(passphrase: String) async throws(VaultError) -> DataKey {
        try await self.passphrase.unwrap(passphrase: passphrase)
    }

    /// Opens the data key with the recovery key.
    public func unlock(recoveryKey: RecoveryKey) throws(VaultError) -> DataKey {
        try recovery.unwrap(recoveryKey: recoveryKey)
    }

    /// Wraps the same data key under a fresh recovery key, which replaces the old one: a recovery key
    /// that has been used once never opens the space again. Returns the new key to show once.
    public func withNewRecoveryKey(dataKey: DataKey) throws(VaultError) -> (keyRing: KeyRing, recoveryKey: RecoveryKey) {
        let recoveryKey = RecoveryKey.random()
        var changed = self
        changed.recovery = try WrappedKey.wrap(dataKey, recoveryKey: recoveryKey)
        return (changed, recoveryKey)
    }

    /// Wraps the same data key under a new passphrase. Records are not re-encrypted.
    public func changingPassphrase(
        to newPassphrase: String, dataKey: DataKey, cost: ScryptCost = .standard
    ) async throws(VaultError) -> KeyRing {
        try Self.checkStrength(newPassphrase)
        var changed = self
        changed.passphrase = try await WrappedKey.wrap(dataKey, passphrase: newPassphrase, cost: cost)
        return changed
    }

    static func checkStrength(_ passphrase: String) throws(VaultError) {
        guard passphrase.count >= minimumPassphraseLength else {
            throw .passphraseTooShort(minimum: minimumPassphraseLength)
        }
    }
}

/// A data key sealed under a key-encryption key, with what is needed to derive that key again.
public struct WrappedKey: Codable, Hashable, Sendable {
    /// Random salt for the derivation.
    public let salt: Data
    /// scrypt's cost, for passphrase-wrapped keys; nil for the recovery key.
    public let cost: ScryptCost?
    /// AES-GCM sealed data key (nonce, ciphertext and tag).
    public let sealedKey: Data

    private static let context = Data("tend key wrap v1".utf8)

    static func wrap(_ dataKey: DataKey, passphrase: String, cost: ScryptCost) async throws(VaultError) -> WrappedKey {
        let salt = randomSalt()
        let kek = try await cost.deriveKey(from: passphrase, salt: salt)
        return try WrappedKey(salt: salt, cost: cost, sealedKey: seal(dataKey, with: kek))
    }

    static func wrap(_ dataKey: DataKey, recoveryKey: RecoveryKey) throws(VaultError) -> WrappedKey {
        let salt = randomSalt()
        return try WrappedKey(salt: salt, cost: nil, sealedKey: seal(dataKey, with: recoveryKey.keyEncryptionKey(salt: salt)))
    }

    func unwrap(passphrase: String) async throws(VaultError) -> DataKey {
        guard let cost else { throw .keyMaterialDamaged }
        let kek = try await cost.deriveKey(from: passphrase, salt: salt)
        guard let key = open(with: kek) else { throw .wrongPassphrase }
        return key
    }

    func unwrap(recoveryKey: RecoveryKey) throws(VaultError) -> DataKey {
        guard let key = open(with: recoveryKey.keyEncryptionKey(salt: salt)) else { throw .wrongRecoveryKey }
        return key
    }

    private static func randomSalt() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    private static func seal(_ dataKey: DataKey, with kek: SymmetricKey) throws(VaultError) -> Data {
        do {
            let raw = dataKey.key.withUnsafeBytes { Data($0) }
            guard let combined = try AES.GCM.seal(raw, using: kek, authenticating: context).combined else {
                throw VaultError.keyMaterialDamaged
            }
            return combined
        } catch {
            throw .keyMaterialDamaged
        }
    }

    private func open(with kek: SymmetricKey) -> DataKey? {
        guard let box = try? AES.GCM.SealedBox(combined: sealedKey),
            let raw = try? AES.GCM.open(box, using: kek, authenticating: Self.context), raw.count == 32
        else { return nil }
        return DataKey(key: SymmetricKey(data: raw))
    }
}
