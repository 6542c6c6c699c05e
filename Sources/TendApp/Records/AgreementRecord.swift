import Foundation
import TendCore
import TendStore
import TendVault

/// An agreement as kept: each save is a new version, so its history stays readable.
public struct AgreementRecord: Codable, Sendable, Equatable {
    /// What was agreed.
    public let agreement: BoundariesAgreement
    /// When this version was saved.
    public let savedAt: Date

    /// Creates a version of the agreement.
    public init(agreement: BoundariesAgreement, savedAt: Date) {
        self.agreement = agreement
        self.savedAt = savedAt
    }
}

/// The boundaries agreement's versions, sealed.
public enum Agreements {
    /// The sealed record kind of an agreement version.
    public static let kind = RecordKind<AgreementRecord>("agreement")

    /// Every saved version of a space's agreement, newest first.
    public static func history(in store: any Store, space: UnlockedSpace) async throws -> [AgreementRecord] {
        try await store.records(kind, in: space).map(\.value).sorted { $0.savedAt > $1.savedAt }
    }
}
