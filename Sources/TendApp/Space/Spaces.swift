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
    case nameNotValid
    case nameTaken
    case signUpClosed
    case invitationNeeded
    case wrongNameOrPassphrase
    case importNotOffered

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
        case .nameNotValid:
            "A name is \(AccountName.lengths.lowerBound) to \(AccountName.lengths.upperBound) letters, digits, dots, dashes or underscores. It need not be your real name."
        case .nameTaken: "That name is already in use here. Please choose another."
        case .signUpClosed: "This Tend is not taking new accounts at the moment. The people who run it can tell you more."
        case .invitationNeeded: "This Tend takes new accounts by invitation. Please type the code you were given, exactly as written."
        case .wrongNameOrPassphrase:
            "That name and passphrase do not open a space here. Please check both and try again. Practitioners: check the six-digit code from your authenticator app too."
        case .importNotOffered: "Bringing in an export is for a Tend of your own. Here, create your account first."
        case .tryAgainIn(let seconds):
            "Several attempts did not match, so Tend is pausing to keep guessers out. Please try again in \(seconds) second\(seconds == 1 ? "" : "s")."
        }
    }
}

/// The private spaces of this Tend: set up, unlocked with a passphrase, recovered with a recovery key.
///
/// A local install has one space, opened by its passphrase alone. A hosted Tend has many, each
/// found by the name its person chose, and made as the operator's sign-up rule allows.
public actor Spaces {
    /// One space, or many.
    public nonisolated let hosting: Hosting
    private let store: any Store
    private let keeper: any KeyKeeper
    private let cost: ScryptCost
    private let clock: TendClock
    private let ids: IdentifierSource
    private var busy = false
    /// Clients with a key derivation running now: one at a time each, and a few in all, since each
    /// takes a large slice of memory and CPU.
    private var deriving: Set<String> = []
    private static let concurrentDerivations = 2

    /// A key ring for names that have no space, so a wrong name costs the same time as a wrong
    /// passphrase and nobody can learn which names exist by timing.
    private var decoy: KeyRing?

    public init(
        hosting: Hosting = .single, store: any Store, keeper: any KeyKeeper, cost: ScryptCost, clock: TendClock,
        ids: IdentifierSource
    ) {
        self.hosting = hosting
        self.store = store
        self.keeper = keeper
        self.cost = cost
        self.clock = clock
        self.ids = ids
    }

    /// Whether the first visit should set up a space: only a single Tend with none yet. A hosted
    /// Tend always offers signing in (and signing up, if the operator allows).
    public func needsSetUp() async throws -> Bool {
        hosting == .single ? try await store.owners().isEmpty : false
    }

    /// Creates a space — empty, or holding everything in an export — unlocks it, and returns the
    /// session token and the recovery key to show once. Hosted, the space gets the chosen `name`,
    /// and sign-up follows the operator's rule (an `invitation` code when it asks for one).
    public func setUp(
        name: String? = nil, invitation: String? = nil, passphrase: String, confirmation: String,
        restoring export: SpaceExport? = nil, finishing finish: (@Sendable (UnlockedSpace) async throws -> Void)? = nil
    ) async throws -> (token: String, recoveryKey: RecoveryKey) {
        let accountName = try hosting.isHosted ? AccountName.normalize(name ?? "") : nil
        guard passphrase == confirmation else { throw SpaceError.passphrasesDiffer }
        guard passphrase.count >= KeyRing.minimumPassphraseLength else {
            throw SpaceError.passphraseTooShort(minimum: KeyRing.minimumPassphraseLength)
        }
        // One set-up at a time on a single Tend, so two tabs cannot make two spaces. Hosted, the
        // database keeps names unique, and others' unlocks must not wait for a sign-up.
        let single = !hosting.isHosted
        guard !(single && busy) else { throw SpaceError.tryAgainIn(seconds: 1) }
        if single { busy = true }
        defer { if single { busy = false } }
        // Hosted sign-ups share the cap on key derivations running at once, so a burst of them
        // (or someone scripting them) queues instead of taking every core from everyone.
        let slot = "sign-up " + UUID().uuidString
        if !single {
            guard deriving.count < Self.concurrentDerivations else { throw SpaceError.tryAgainIn(seconds: 1) }
            deriving.insert(slot)
        }
        defer { deriving.remove(slot) }
        if let accountName {
            guard export == nil else { throw SpaceError.importNotOffered }
            try await admit(accountName, invitation: invitation)
        } else {
            guard try await needsSetUp() else { throw SpaceError.alreadySetUp }
        }
        let (keyRing, recoveryKey, dataKey) = try await KeyRing.create(passphrase: passphrase, cost: cost)
        let space: UnlockedSpace
        if let export {
            space = try await export.createSpace(in: store, keyRing: keyRing, key: dataKey, at: clock.now())
        } else {
            space = UnlockedSpace(owner: OwnerID(rawValue: ids.next()), key: dataKey)
            try await store.createSpace(owner: space.owner, keyRing: keyRing, at: clock.now())
        }
        if let accountName {
            do {
                try await store.createAccount(name: accountName, owner: space.owner, at: clock.now())
            } catch {
                // Someone took the name in the moment between: the new, empty space goes again.
                try? await store.eraseSpace(owner: space.owner)
                throw error == .nameTaken ? SpaceError.nameTaken : error
            }
        }
        if let finish {
            do {
                try await finish(space)
            } catch {
                try? await store.eraseSpace(owner: space.owner)  // nothing half-made is left
                throw error
            }
        }
        return (try await keeper.keep(space), recoveryKey)
    }

    /// Checks a hosted sign-up against the operator's rule, using up its invitation.
    private func admit(_ name: String, invitation: String?) async throws {
        guard case .hosted(let signUp) = hosting, signUp != .closed else { throw SpaceError.signUpClosed }
        guard try await store.owner(named: name) == nil else { throw SpaceError.nameTaken }
        if signUp == .invitation {
            let code = invitation ?? ""
            guard !code.isEmpty, try await store.useInvitation(digest: Invitations.digest(of: code)) else {
                throw SpaceError.invitationNeeded
            }
        }
    }

    /// Opens a space with its passphrase (hosted: the space `name` names); wrong guesses from the
    /// same client slow its further attempts down, on every instance.
    public func unlock(name: String? = nil, passphrase: String, code: String? = nil, client: String) async throws -> String {
        let (token, _) = try await attempt(.passphrase, name: name, client: client, code: code) { keyRing, _ throws(VaultError) in
            (try await keyRing.unlock(passphrase: passphrase), nil)
        }
        return token
    }

    /// Creates a practitioner's account (hosted): a space like anyone's, then their display name,
    /// their authenticator secret (the typed code must match it) and their key pair for receiving
    /// shares. Returns the session token and the recovery key to show once.
    public func setUpPractitioner(
        name: String, invitation: String?, passphrase: String, confirmation: String, displayName: String,
        codeSecret: OneTimeCode, code: String
    ) async throws -> (token: String, recoveryKey: RecoveryKey) {
        guard hosting.isHosted else { throw SpaceError.signUpClosed }
        guard let step = codeSecret.matchingStep(code, at: clock.now()) else { throw PractitionerError.codeNotValid }
        guard let shown = Practitioners.name(displayName), shown.count >= 2 else { throw PractitionerError.displayNameNotValid }
        let practitioners = Practitioners(store: store, clock: clock, ids: ids)
        return try await setUp(name: name, invitation: invitation, passphrase: passphrase, confirmation: confirmation) { space in
            try await practitioners.makePractitioner(space, displayName: shown, code: codeSecret, confirmedStep: step)
        }
    }

    /// Opens the space with the recovery key, sets a new passphrase, and replaces the recovery key
    /// (each one works once): returns the session token and the new key to show once. Every other
    /// browser is locked out.
    public func recover(
        name: String? = nil, recoveryKeyText: String, newPassphrase: String, confirmation: String, client: String
    ) async throws -> (
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
        let (token, newKey) = try await attempt(.recoveryKey, name: name, client: client) { keyRing, owner throws(VaultError) in
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
        _ kind: GuessThrottle.Kind, name: String?, client address: String, code: String? = nil,
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
        let owner = try await owner(named: name)
        var keyRing: KeyRing?
        if let owner { keyRing = try await store.keyRing(owner: owner) }
        guard let owner, let keyRing else {
            guard hosting.isHosted else { throw SpaceError.notSetUp }
            // No such name: the same work and the same answer as a wrong passphrase.
            _ = try? await open(try await decoyKeyRing(), OwnerID(rawValue: "nobody"))
            try await store.recordUnlockFailure(client: client, at: clock.now())
            throw SpaceError.wrongNameOrPassphrase
        }
        do {
            let (dataKey, recoveryKey) = try await open(keyRing, owner)
            let space = UnlockedSpace(owner: owner, key: dataKey)
            if kind == .passphrase {
                // A practitioner's space asks for its second factor before the key is kept. A
                // wrong code is a wrong guess, answered as a wrong passphrase is.
                do {
                    try await Practitioners(store: store, clock: clock, ids: ids).checkSecondFactor(space, code: code)
                } catch PractitionerError.codeNotValid {
                    try await store.recordUnlockFailure(client: client, at: clock.now())
                    throw SpaceError.wrongNameOrPassphrase
                }
            }
            try await store.clearUnlockFailures(client: client, olderThan: clock.now() - GuessThrottle.memory)
            return (try await keeper.keep(space), recoveryKey)
        } catch VaultError.wrongPassphrase {
            try await store.recordUnlockFailure(client: client, at: clock.now())
            throw hosting.isHosted ? SpaceError.wrongNameOrPassphrase : SpaceError.wrongPassphrase
        } catch VaultError.wrongRecoveryKey {
            try await store.recordUnlockFailure(client: client, at: clock.now())
            throw SpaceError.wrongRecoveryKey
        }
    }

    /// The space a name opens (hosted), or the one space (single).
    private func owner(named name: String?) async throws -> OwnerID? {
        guard hosting.isHosted else { return try await store.owners().first }
        guard let name, let normalized = try? AccountName.normalize(name) else { return nil }
        return try await store.owner(named: normalized)
    }

    private func decoyKeyRing() async throws -> KeyRing {
        if let decoy { return decoy }
        let made = try await KeyRing.create(passphrase: "no space has this name at all", cost: cost).keyRing
        decoy = made
        return made
    }
}
