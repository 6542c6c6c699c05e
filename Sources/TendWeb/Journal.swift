import Foundation
import TendCore
import TendStore
import TendVault

/// The sealed journal: daily check-ins and the cycle record.
enum Journal {
    static let checkInKind = RecordKind<CheckIn>("check-in")
    static let cycleKind = RecordKind<CycleRecord>("cycle")

    /// At most one check-in a day: the day is part of its identifier.
    static func checkInID(_ day: Day, in space: UnlockedSpace) -> String { "check-in-\(space.owner.rawValue)-\(day)" }
    /// One cycle record per space.
    static func cycleID(in space: UnlockedSpace) -> String { "cycle-\(space.owner.rawValue)" }

    static func cycle(from store: SQLStore, space: UnlockedSpace) async throws -> CycleRecord {
        try await store.record(cycleKind, id: cycleID(in: space), in: space) ?? CycleRecord()
    }

    static func save(_ cycle: CycleRecord, in store: SQLStore, space: UnlockedSpace) async throws {
        try await store.save(cycle, id: cycleID(in: space), kind: cycleKind, createdAt: cycle.periodStarts.first?.date ?? Date(), in: space)
    }

    static func save(_ checkIn: CheckIn, in store: SQLStore, space: UnlockedSpace) async throws {
        try await store.save(checkIn, id: checkInID(checkIn.day, in: space), kind: checkInKind, createdAt: checkIn.day.date, in: space)
    }

    /// Every check-in, newest first.
    static func checkIns(from store: SQLStore, space: UnlockedSpace) async throws -> [CheckIn] {
        try await store.records(checkInKind, in: space).map(\.value).sorted { $0.day > $1.day }
    }
}
