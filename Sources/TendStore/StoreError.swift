import TendVault

/// What can go wrong when reading or writing Tend's records.
public enum StoreError: Error, Equatable, Sendable {
    /// A newer version of this record is already saved; the write was not applied.
    case staleWrite(recordID: String)
    /// A space with this owner already exists.
    case ownerAlreadyExists
    /// No such owner.
    case ownerNotFound
    /// A sealed record would not open.
    case sealed(VaultError)
    /// The database could not be reached or refused the statement. Details go to the
    /// server log (never record contents); people see a plain message.
    case databaseUnavailable(String)
    /// The database URL is not one Tend understands.
    case unsupportedDatabaseURL
    /// Another account already has this name.
    case nameTaken
    /// A practitioner's link code is unknown, used or expired.
    case linkCodeNotValid
}

extension StoreError {
    /// Whether this is one stored record that cannot be opened (altered on disk, or holding values
    /// today's rules refuse): shown as unreadable, left out of lists, never fatal to the rest.
    public var isUnreadableRecord: Bool {
        self == .sealed(.recordUnreadable) || self == .sealed(.recordTampered)
    }
}
