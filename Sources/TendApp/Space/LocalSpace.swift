import Foundation
import TendCore
import TendStore
import TendVault

/// Why setting up or unlocking did not work, in terms a person can act on.
public enum SpaceError: Error, Equatable {
    case passphrasesDiffer
    case passphraseTooShort(minimum: Int)
    case alreadySetUp
    case notSetUp
    case wrongPassphrase
    case wrongRecoveryKey
    case malformedRecoveryKey
    case tryAgainIn(seconds: Int)

    /// The sentence shown beside the form.
    public var message: String {
        switch self {
        case .passphrasesDiffer: "The two passphrases are not the same. Please type them again."
        case .passphraseTooShort(let minimum):
            "Please use at least \(minimum) characters. A few unrelated words are easy to remember and hard to guess."
        case .alreadySetUp: "This Tend already has a private space. Unlock it instead."
        case .notSetUp: "There is no private space here yet. Set one up first."
        case .wrongPassphrase: "That passphrase does not open this space. Please check it and try again."
        case .wrongRecoveryKey: "That recovery key does not open this space. Please check each group of four."
        case .malformedRecoveryKey: "A recovery key is eight groups of four letters and digits, like 7K2M-QX9D-…"
        case .tryAgainIn(let seconds):
            "Several attempts did not match, so Tend is pausing to keep guessers out. Please try again in \(seconds) second\(seconds == 1 ? "" : "s")."
        }
    }
}

/// The private space of this Tend: set up once, then unlocked with its passphrase.
///
/// A local install has one space. The store and keys are owner-aware throughout, so a hosted
/// deployment can hold many; only this type assumes there is one.
public actor LocalSpace {
    private let store: any Store
    private let keeper: SpaceKeeper
    private let cost: ScryptCost
    private let clock: TendClock
    private let ids: IdentifierSource
    private var busy = false
    /// Clients with a key derivation running now: one at a time each, and a few in all, since each
    /// takes a large slice of memory and CPU.
    private var deriving: Set<String> = []
    private static let concurrentDerivations = 2

    public init(store: any Store, keeper: SpaceKeeper, cost: ScryptCost, clock: TendClock, ids: IdentifierSource) {
        self.store = store
        self.keeper = keeper
        self.cost = cost
        self.clock = clock
        self.ids = ids
    }

    /// The owner of the local space, if it has been set up.
    public func owner() async throws -> OwnerID? {
        try await store.owners().first
    }

    /// Creates the space — empty, or holding everything in an export — unlocks it, and returns the
    /// session token and the recovery key to show once.
    public func setUp(passphrase: String, confirmation: String, restoring export: SpaceExport? = nil) async throws -> (token: String, recoveryKey: RecoveryKey) {
        guard passphrase == confirmation else { throw SpaceError.passphrasesDiffer }
        guard passphrase.count >= KeyRing.minimumPassphraseLength else {
            throw SpaceError.passphraseTooShort(minimum: KeyRing.minimumPassphraseLength)
        }
        guard !busy else { throw SpaceError.tryAgainIn(seconds: 1) }
        busy = true
        defer { busy = false }
        guard try await owner() == nil else { throw SpaceError.alreadySetUp }
        let (keyRing, recoveryKey, dataKey) = try await KeyRing.create(passphrase: passphrase, cost: cost)
        let space: UnlockedSpace
        if let export {
            space = try await export.createSpace(in: store, keyRing: keyRing, key: dataKey, at: clock.now())
        } else {
            space = UnlockedSpace(owner: OwnerID(rawValue: ids.next()), key: dataKey)
            try await store.createSpace(owner: space.owner, keyRing: keyRing, at: clock.now())
        }
        return (await keeper.keep(space), recoveryKey)
    }

    /// Opens the space with its passphrase; wrong guesses from the same client slow its further
    /// attempts down.
    public func unlock(passphrase: String, client: String) async throws -> String {
        let (token, _) = try await attempt(.passphrase, client: client) { keyRing, _ throws(VaultError) in
            (try await keyRing.unlock(passphrase: passphrase), nil)
        }
        return token
    }

    /// Opens the space with the recovery key, sets a new passphrase, and replaces the recovery key
    /// (each one works once): returns the session token and the new key to show once. Every other
    /// browser is locked out.
    public func recover(recoveryKeyText: String, newPassphrase: String, confirmation: String, client: String) async throws -> (
        token: String, recoveryKey: RecoveryKey
    ) {
        guard newPassphrase == confirmation else { throw SpaceError.passphrasesDiffer }
        guard newPassphrase.count >= KeyRing.minimumPassphraseLength else {
            throw SpaceError.passphraseTooShort(minimum: KeyRing.minimumPassphraseLength)
        }
        let recoveryKey: RecoveryKey
        do {
            recoveryKey = try RecoveryKey(typed: recoveryKeyText)
        } catch {
            throw SpaceError.malformedRecoveryKey
        }
        let cost = self.cost
        let store = self.store
        let keeper = self.keeper
        let (token, newKey) = try await attempt(.recoveryKey, client: client) { keyRing, owner throws(VaultError) in
            let dataKey = try keyRing.unlock(recoveryKey: recoveryKey)
            let (renewed, newKey) = try keyRing.withNewRecoveryKey(dataKey: dataKey)
            let changed = try await renewed.changingPassphrase(to: newPassphrase, dataKey: dataKey, cost: cost)
            do {
                try await store.replaceKeyRing(changed, owner: owner)
            } catch {
                throw .keyMaterialDamaged
            }
            await keeper.lockAll(owner: owner)
            return (dataKey, newKey)
        }
        guard let newKey else { throw SpaceError.notSetUp }
        return (token, newKey)
    }

    /// Locks the space: every browser holding its key is forgotten, and its live rooms close.
    public func lock(token: String) async {
        await keeper.lock(token)
    }

    private func attempt(
        _ kind: GuessThrottle.Kind, client address: String,
        _ open: @Sendable (KeyRing, OwnerID) async throws(VaultError) -> (DataKey, RecoveryKey?)
    ) async throws -> (String, RecoveryKey?) {
        let client = GuessThrottle.client(address: address, kind: kind)
        let now = clock.now()
        if let failures = try await store.unlockFailures(client: client),
            let wait = GuessThrottle.waitRemaining(failures: failures.count, lastFailure: failures.last, at: now)
        {
            throw SpaceError.tryAgainIn(seconds: Int(wait.rounded(.up)))
        }
        guard !busy, !deriving.contains(client), deriving.count < Self.concurrentDerivations else {
            throw SpaceError.tryAgainIn(seconds: 1)
        }
        deriving.insert(client)
        defer { deriving.remove(client) }
        guard let owner = try await owner(), let keyRing = try await store.keyRing(owner: owner) else {
            throw SpaceError.notSetUp
        }
        do {
            let (dataKey, recoveryKey) = try await open(keyRing, owner)
            try await store.clearUnlockFailures(client: client, olderThan: clock.now() - GuessThrottle.memory)
            return (await keeper.keep(UnlockedSpace(owner: owner, key: dataKey)), recoveryKey)
        } catch VaultError.wrongPassphrase {
            try await store.recordUnlockFailure(client: client, at: clock.now())
            throw SpaceError.wrongPassphrase
        } catch VaultError.wrongRecoveryKey {
            try await store.recordUnlockFailure(client: client, at: clock.now())
            throw SpaceError.wrongRecoveryKey
        }
    }
}
