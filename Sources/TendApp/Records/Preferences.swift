import TendCore
import TendStore
import TendVault

/// A person's quiet preferences for sessions, sealed like everything else.
public struct Preferences: Codable, Sendable, Equatable {
    /// The breath pace offered in sessions and on the pacer page.
    public var breath: BreathPattern = .standard
    /// Jaw and throat reminders during a session; off unless chosen.
    public var jawCues: JawCues = .off

    public static let kind = RecordKind<Preferences>("preferences")

    /// One preferences record per space.
    public static func recordID(for space: UnlockedSpace) -> String { "preferences-\(space.owner.rawValue)" }

    public static func load(from store: any Store, space: UnlockedSpace) async throws -> Preferences {
        try await store.record(kind, id: recordID(for: space), in: space) ?? Preferences()
    }
}
