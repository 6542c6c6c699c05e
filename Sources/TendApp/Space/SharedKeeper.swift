import Foundation
import TendCore
import TendStore
import TendVault

/// Hosted Tend's keeper: each browser's unlock is a row in the database holding the data key
/// sealed under the browser's token (``UnlockTicket``), so any instance can serve any request,
/// while neither the database nor the cookie alone opens anything.
///
/// Locking deletes the rows, which locks the browser on every instance at once. Activity is
/// written at most once a minute per browser, so reading a page does not mean a write.
public struct SharedKeeper: KeyKeeper {
    /// How stale `last_seen` may get before a request writes it again.
    static let touchEvery: TimeInterval = 60

    private let store: any Store
    private let autoLock: TimeInterval
    private let clock: TendClock
    private let forgotten: @Sendable (OwnerID) async -> Void

    /// A keeper over `store`. `forgotten` hears of every owner whose keys this instance let go.
    public init(
        store: any Store, autoLock: TimeInterval, clock: TendClock,
        forgotten: @escaping @Sendable (OwnerID) async -> Void = { _ in }
    ) {
        self.store = store
        self.autoLock = autoLock
        self.clock = clock
        self.forgotten = forgotten
    }

    public func keep(_ space: UnlockedSpace) async throws -> String {
        let ticket = try UnlockTicket(for: space)
        try await store.keepUnlock(lookup: ticket.lookup, owner: space.owner, sealedKey: ticket.sealedKey, at: clock.now())
        return ticket.token
    }

    public func space(for token: String) async -> UnlockedSpace? {
        let lookup = UnlockTicket.lookup(for: token)
        guard let row = try? await store.unlock(lookup: lookup) else { return nil }
        let now = clock.now()
        guard now.timeIntervalSince(row.lastSeen) < autoLock else {
            // Idle past the limit: the sweep forgets it (and any others), and closes the owner's
            // live rooms if no browser of theirs is left.
            await sweep()
            return nil
        }
        guard let space = UnlockTicket.open(row.sealedKey, token: token, owner: row.owner) else { return nil }
        if now.timeIntervalSince(row.lastSeen) >= Self.touchEvery {
            try? await store.touchUnlock(lookup: lookup, at: now)
        }
        return space
    }

    public func lock(_ token: String) async {
        let lookup = UnlockTicket.lookup(for: token)
        guard let row = try? await store.unlock(lookup: lookup) else { return }
        await lockAll(owner: row.owner)
    }

    public func lockAll(owner: OwnerID) async {
        try? await store.forgetUnlocks(owner: owner)
        await forgotten(owner)
        // Other instances may hold the key too (a live room): they close what holds it on hearing this.
        await store.announceLocked(owner)
    }

    public func sweep() async {
        guard let owners = try? await store.forgetUnlocks(idleSince: clock.now() - autoLock) else { return }
        for owner in owners {
            await forgotten(owner)
            await store.announceLocked(owner)
        }
    }
}
