/// What can go wrong with keys and sealed records. Each case is something a person or operator can act on.
public enum VaultError: Error, Equatable, Sendable {
    /// The passphrase does not open this space.
    case wrongPassphrase
    /// The recovery key does not open this space.
    case wrongRecoveryKey
    /// The recovery key is not in the expected form (groups of letters and digits).
    case malformedRecoveryKey
    /// The passphrase is too short to protect intimate data.
    case passphraseTooShort(minimum: Int)
    /// A sealed record failed its integrity check: it was altered, or belongs to another record.
    case recordTampered
    /// A record's contents could not be encoded or decoded after opening.
    case recordUnreadable
    /// The stored key material is damaged or from an unknown version.
    case keyMaterialDamaged
}
