import Crypto
import Foundation
import TendCore
import TendVault

/// Holds the data keys of unlocked spaces, in memory only, each under a random token that the
/// browser keeps in an HttpOnly cookie. A key is forgotten on lock, after the inactivity
/// limit, or when Tend stops.
actor SpaceKeeper {
    private struct Entry {
        let space: UnlockedSpace
        var lastSeen: Date
    }

    private var entries: [String: Entry] = [:]
    private let autoLock: TimeInterval
    private let clock: TendClock

    init(autoLock: TimeInterval, clock: TendClock) {
        self.autoLock = autoLock
        self.clock = clock
    }

    /// Keeps an opened key and returns the token that names it.
    func keep(_ space: UnlockedSpace) -> String {
        let token = randomToken()
        entries[token] = Entry(space: space, lastSeen: clock.now())
        return token
    }

    /// The space a token names, if it is still unlocked; using it counts as activity.
    func space(for token: String) -> UnlockedSpace? {
        let now = clock.now()
        guard var entry = entries[token] else { return nil }
        guard now.timeIntervalSince(entry.lastSeen) < autoLock else {
            entries[token] = nil
            return nil
        }
        entry.lastSeen = now
        entries[token] = entry
        return entry.space
    }

    /// Forgets one token's key.
    func lock(_ token: String) {
        entries[token] = nil
    }

    /// Forgets every key of an owner (used when the passphrase changes or data is erased).
    func lockAll(owner: OwnerID) {
        entries = entries.filter { $0.value.space.owner != owner }
    }

    /// Forgets every key idle past the limit, so keys leave memory even if no request comes.
    func sweep() {
        let now = clock.now()
        entries = entries.filter { now.timeIntervalSince($0.value.lastSeen) < autoLock }
    }
}

/// 256 random bits, URL- and cookie-safe.
func randomToken() -> String {
    SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64URLText
}
