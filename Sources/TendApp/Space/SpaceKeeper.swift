import Crypto
import Foundation
import TendCore
import TendStore
import TendVault

/// Where unlocked keys are held between requests: in this process's memory (``SpaceKeeper``, one
/// person on one computer), or in the database sealed under each browser's token (``SharedKeeper``,
/// hosted, so any instance can serve any request).
public protocol KeyKeeper: Sendable {
    /// Keeps an opened key and returns the token that names it, for the browser's cookie.
    func keep(_ space: UnlockedSpace) async throws -> String
    /// The space a token names, if it is still unlocked (and still stored: a space erased by
    /// another process is locked here too); using it counts as activity.
    func space(for token: String) async -> UnlockedSpace?
    /// Locks the space a token names: every browser holding its key is forgotten.
    func lock(_ token: String) async
    /// Forgets every key of an owner (lock, recovery, a new passphrase, erasing).
    func lockAll(owner: OwnerID) async
    /// Forgets every key idle past the limit.
    func sweep() async
}

/// Holds the data keys of unlocked spaces, in memory only, each under a random token that the
/// browser keeps in an HttpOnly cookie. A key is forgotten on lock, after the inactivity
/// limit, or when Tend stops.
///
/// Locking (and recovery, a new passphrase, erasing) forgets every browser of the space at once.
/// An idle browser is forgotten alone; once no browser of a space is left, `forgotten` is told, so
/// whatever else holds the key (live rooms) lets it go too.
public actor SpaceKeeper: KeyKeeper {
    private struct Entry {
        let space: UnlockedSpace
        var lastSeen: Date
    }

    private var entries: [String: Entry] = [:]
    private let autoLock: TimeInterval
    private let clock: TendClock
    private let forgotten: @Sendable (OwnerID) async -> Void

    private let store: any Store

    public init(
        store: any Store, autoLock: TimeInterval, clock: TendClock,
        forgotten: @escaping @Sendable (OwnerID) async -> Void = { _ in }
    ) {
        self.store = store
        self.autoLock = autoLock
        self.clock = clock
        self.forgotten = forgotten
    }

    /// Keeps an opened key and returns the token that names it.
    public func keep(_ space: UnlockedSpace) -> String {
        let token = randomToken()
        entries[token] = Entry(space: space, lastSeen: clock.now())
        return token
    }

    /// The space a token names, if it is still unlocked; using it counts as activity.
    public func space(for token: String) async -> UnlockedSpace? {
        let now = clock.now()
        guard var entry = entries[token] else { return nil }
        guard now.timeIntervalSince(entry.lastSeen) < autoLock else {
            entries[token] = nil
            await forgetIfLast(entry.space.owner)
            return nil
        }
        // Erased by another process (`tend erase` beside a running server): the key goes too.
        // (A shared keeper needs no such check: erasing deletes its rows.)
        if (try? await store.ownerExists(entry.space.owner)) == false {
            await lockAll(owner: entry.space.owner)
            return nil
        }
        guard entries[token] != nil else { return nil }  // locked while the store answered
        entry.lastSeen = now
        entries[token] = entry
        return entry.space
    }

    /// Locks the space a token names: every browser holding its key is forgotten, not just this one.
    public func lock(_ token: String) async {
        guard let owner = entries[token]?.space.owner else { return }
        await lockAll(owner: owner)
    }

    /// Forgets every key of an owner (lock, recovery, a new passphrase, erasing).
    public func lockAll(owner: OwnerID) async {
        entries = entries.filter { $0.value.space.owner != owner }
        await forgotten(owner)
    }

    /// Forgets every key idle past the limit, so keys leave memory even if no request comes.
    public func sweep() async {
        let now = clock.now()
        let idle = entries.filter { now.timeIntervalSince($0.value.lastSeen) >= autoLock }
        for token in idle.keys { entries[token] = nil }
        for owner in Set(idle.values.map(\.space.owner)) {
            await forgetIfLast(owner)
        }
    }

    private func forgetIfLast(_ owner: OwnerID) async {
        guard !entries.values.contains(where: { $0.space.owner == owner }) else { return }
        await forgotten(owner)
    }
}

/// 256 random bits, URL- and cookie-safe.
public func randomToken() -> String {
    SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64URLText
}
