import Foundation
import TendStore
import TendVault

/// The date a table keeps for a sealed record whose date would itself say something private (a
/// check-in's day, a step practised, a share): none.
let undatedRecord = Date(timeIntervalSince1970: 0)

extension RecordStore {
    /// Keeps a sealed record with no date in the table (``undatedRecord``).
    func saveUndated<Value>(_ value: Value, id: String, kind: RecordKind<Value>, in space: UnlockedSpace) async throws(StoreError) {
        try await save(value, id: id, kind: kind, createdAt: undatedRecord, in: space)
    }
}
