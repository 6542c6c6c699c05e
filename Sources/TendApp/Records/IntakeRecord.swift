import Foundation
import TendCore
import TendStore
import TendVault

/// An intake as kept: when it was taken, and the answers.
public struct IntakeRecord: Codable, Sendable, Equatable {
    /// When the person answered.
    public let takenAt: Date
    /// The answers.
    public let intake: Intake

    /// Creates an intake record.
    public init(takenAt: Date, intake: Intake) {
        self.takenAt = takenAt
        self.intake = intake
    }
}

/// The self-assessments a person has taken, sealed.
public enum Intakes {
    /// The sealed record kind of an intake.
    public static let kind = RecordKind<IntakeRecord>("intake")

    /// Every intake of a space, newest first (the stored day alone cannot order two on one day).
    public static func history(in store: any Store, space: UnlockedSpace) async throws -> [StoredRecord<IntakeRecord>] {
        try await store.records(kind, in: space).sorted { ($0.value.takenAt, $0.id) > ($1.value.takenAt, $1.id) }
    }
}
