import Crypto
import Foundation

/// Slows down guessing, one client at a time: after a few wrong attempts from the same address,
/// each further attempt from there must wait, and the wait doubles with every failure (up to five
/// minutes). A right answer clears it. Passphrase, recovery-key and pairing-code guesses are
/// counted apart, so wrong recovery keys never lock out the passphrase.
///
/// Unlock counts are kept in the database (see `UnlockFailureStore`) so a restart gives no
/// fresh guesses; pairing counts live as long as the codes, in memory. A guesser on another address
/// never makes the owner or the real partner wait (decision 013).
public enum GuessThrottle {
    /// Wrong attempts allowed before any waiting starts.
    public static let freeAttempts = 3
    /// The longest wait.
    public static let maximumWait: TimeInterval = 300
    /// How long a run of failures is remembered after the last one.
    public static let memory: TimeInterval = 24 * 60 * 60

    /// What is being tried.
    public enum Kind: String {
        case passphrase
        case recoveryKey
        case pairingCode
    }

    /// Seconds still to wait before another attempt, or nil if one may be made now.
    public static func waitRemaining(failures: Int, lastFailure: Date, at now: Date) -> TimeInterval? {
        guard failures >= freeAttempts else { return nil }
        let wait = min(maximumWait, pow(2, Double(min(failures - freeAttempts, 16))))
        let remaining = wait - now.timeIntervalSince(lastFailure)
        return remaining > 0 ? remaining : nil
    }

    /// The name a client's failures are kept under: a digest of its address and the kind of key, so
    /// the table holds no address.
    public static func client(address: String, kind: Kind) -> String {
        SHA256.hash(data: Data("tend unlock v1|\(kind.rawValue)|\(address)".utf8)).prefix(16)
            .map { String(format: "%02x", $0) }.joined()
    }
}
