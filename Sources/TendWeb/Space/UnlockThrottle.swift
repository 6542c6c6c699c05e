import Foundation

/// Slows down guessing: after a few wrong passphrases, each further attempt must wait, and the
/// wait doubles with every failure (up to five minutes). A right passphrase clears it.
struct UnlockThrottle: Sendable {
    /// Wrong attempts allowed before any waiting starts.
    static let freeAttempts = 3
    /// The longest wait.
    static let maximumWait: TimeInterval = 300

    private var failures = 0
    private var lastFailure: Date?

    /// Seconds still to wait before another attempt, or nil if one may be made now.
    func waitRemaining(at now: Date) -> TimeInterval? {
        guard failures >= Self.freeAttempts, let lastFailure else { return nil }
        let wait = min(Self.maximumWait, pow(2, Double(failures - Self.freeAttempts)))
        let remaining = wait - now.timeIntervalSince(lastFailure)
        return remaining > 0 ? remaining : nil
    }

    mutating func recordFailure(at now: Date) {
        failures += 1
        lastFailure = now
    }

    mutating func recordSuccess() {
        failures = 0
        lastFailure = nil
    }
}
