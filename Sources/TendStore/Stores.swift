import Foundation
import TendCore
import TendVault

/// Spaces: who exists, and the wrapped keys that open their records.
public protocol SpaceStore: Sendable {
    /// Records a new space with its key ring.
    func createSpace(owner: OwnerID, keyRing: KeyRing, at now: Date) async throws(StoreError)
    /// The key ring of a space, or nil if there is no such space.
    func keyRing(owner: OwnerID) async throws(StoreError) -> KeyRing?
    /// Replaces a space's key ring (after a passphrase change).
    func replaceKeyRing(_ keyRing: KeyRing, owner: OwnerID) async throws(StoreError)
    /// Every space, oldest first.
    func owners() async throws(StoreError) -> [OwnerID]
}

/// Practice sessions, sealed.
public protocol PracticeSessionStore: Sendable {
    /// Saves a session after a transition. A save older than what is stored is refused
    /// with ``StoreError/staleWrite(recordID:)``, so a late write never rolls a session back.
    func save(_ session: PracticeSession, in space: UnlockedSpace) async throws(StoreError)
    /// One session of this space.
    func session(_ id: SessionID, in space: UnlockedSpace) async throws(StoreError) -> PracticeSession?
    /// Every session of this space, newest first.
    func sessions(in space: UnlockedSpace) async throws(StoreError) -> [PracticeSession]
}

extension Date {
    /// Days since 1970: the coarse timestamp kept in clear beside sealed records.
    var dayNumber: Int { Int((timeIntervalSince1970 / 86_400).rounded(.down)) }
}
