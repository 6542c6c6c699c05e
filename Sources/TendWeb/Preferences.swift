import TendCore
import TendStore
import TendVault

/// A person's quiet preferences for sessions, sealed like everything else.
struct Preferences: Codable, Sendable, Equatable {
    /// The breath pace offered in sessions and on the pacer page.
    var breath: BreathPattern = .standard
    /// Jaw and throat reminders during a session; off unless chosen.
    var jawCues: JawCues = .off

    static let kind = RecordKind<Preferences>("preferences")

    /// One preferences record per space.
    static func recordID(for space: UnlockedSpace) -> String { "preferences-\(space.owner.rawValue)" }

    static func load(from store: any Store, space: UnlockedSpace) async throws -> Preferences {
        try await store.record(kind, id: recordID(for: space), in: space) ?? Preferences()
    }
}
