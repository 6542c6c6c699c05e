import Foundation
import TendCore
import TendStore
import TendVault

/// Why setting up or unlocking did not work, in terms a person can act on.
enum SpaceError: Error, Equatable {
    case passphrasesDiffer
    case passphraseTooShort(minimum: Int)
    case alreadySetUp
    case notSetUp
    case wrongPassphrase
    case wrongRecoveryKey
    case malformedRecoveryKey
    case tryAgainIn(seconds: Int)

    /// The sentence shown beside the form.
    var message: String {
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
actor LocalSpace {
    private let store: SQLStore
    private let keeper: SpaceKeeper
    private let cost: ScryptCost
    private let clock: TendClock
    private let ids: IdentifierSource
    private var throttle = UnlockThrottle()
    private var busy = false

    init(store: SQLStore, keeper: SpaceKeeper, cost: ScryptCost, clock: TendClock, ids: IdentifierSource) {
        self.store = store
        self.keeper = keeper
        self.cost = cost
        self.clock = clock
        self.ids = ids
    }

    /// The owner of the local space, if it has been set up.
    func owner() async throws -> OwnerID? {
        try await store.owners().first
    }

    /// Creates the space — empty, or holding everything in an export — unlocks it, and returns the
    /// session token and the recovery key to show once.
    func setUp(passphrase: String, confirmation: String, restoring export: SpaceExport? = nil) async throws -> (token: String, recoveryKey: RecoveryKey) {
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

    /// Opens the space with its passphrase; wrong guesses slow further attempts down.
    func unlock(passphrase: String) async throws -> String {
        try await attempt { keyRing throws(VaultError) in
            try await keyRing.unlock(passphrase: passphrase)
        }
    }

    /// Opens the space with the recovery key and sets a new passphrase under it.
    func recover(recoveryKeyText: String, newPassphrase: String, confirmation: String) async throws -> String {
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
        return try await attempt { keyRing throws(VaultError) in
            let dataKey = try keyRing.unlock(recoveryKey: recoveryKey)
            let changed = try await keyRing.changingPassphrase(to: newPassphrase, dataKey: dataKey, cost: cost)
            do {
                guard let owner = try await store.owners().first else { throw VaultError.keyMaterialDamaged }
                try await store.replaceKeyRing(changed, owner: owner)
            } catch {
                throw .keyMaterialDamaged
            }
            return dataKey
        }
    }

    /// Forgets the key a token names.
    func lock(token: String) async {
        await keeper.lock(token)
    }

    private func attempt(_ open: @Sendable (KeyRing) async throws(VaultError) -> DataKey) async throws -> String {
        if let wait = throttle.waitRemaining(at: clock.now()) {
            throw SpaceError.tryAgainIn(seconds: Int(wait.rounded(.up)))
        }
        guard !busy else { throw SpaceError.tryAgainIn(seconds: 1) }
        busy = true
        defer { busy = false }
        guard let owner = try await owner(), let keyRing = try await store.keyRing(owner: owner) else {
            throw SpaceError.notSetUp
        }
        do {
            let dataKey = try await open(keyRing)
            throttle.recordSuccess()
            return await keeper.keep(UnlockedSpace(owner: owner, key: dataKey))
        } catch .wrongPassphrase {
            throttle.recordFailure(at: clock.now())
            throw SpaceError.wrongPassphrase
        } catch .wrongRecoveryKey {
            throttle.recordFailure(at: clock.now())
            throw SpaceError.wrongRecoveryKey
        }
    }
}
