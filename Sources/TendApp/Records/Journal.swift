import Foundation
import TendCore
import TendStore
import TendVault

/// The sealed journal: daily check-ins and the cycle record.
public enum Journal {
    public static let checkInKind = RecordKind<CheckIn>("check-in")
    public static let cycleKind = RecordKind<CycleRecord>("cycle")

    /// At most one check-in a day: its identifier is made from the day under the space's key, so
    /// the database does not learn which days have one.
    public static func checkInID(_ day: Day, in space: UnlockedSpace) -> String { "check-in-" + space.opaqueIdentifier(for: "check-in \(day)") }
    /// The identifier check-ins had before (the day in plain text); renamed when next read.
    private static func legacyCheckInID(_ day: Day, in space: UnlockedSpace) -> String { "check-in-\(space.owner.rawValue)-\(day)" }
    /// One cycle record per space.
    public static func cycleID(in space: UnlockedSpace) -> String { "cycle-\(space.owner.rawValue)" }

    public static func cycle(from store: any Store, space: UnlockedSpace) async throws -> CycleRecord {
        try await store.record(cycleKind, id: cycleID(in: space), in: space) ?? CycleRecord()
    }

    public static func save(_ cycle: CycleRecord, in store: any Store, space: UnlockedSpace) async throws {
        try await store.saveUndated(cycle, id: cycleID(in: space), kind: cycleKind, in: space)
    }

    public static func save(_ checkIn: CheckIn, in store: any Store, space: UnlockedSpace) async throws {
        try await store.saveUndated(checkIn, id: checkInID(checkIn.day, in: space), kind: checkInKind, in: space)
    }

    /// The check-ins of the `count` days ending with `last`, newest first, found by their
    /// identifiers, so no other check-in is opened: what home needs for the last few weeks,
    /// without unsealing years of journal. A check-in that cannot be read is left out, as in lists.
    public static func checkIns(days count: Int, endingOn last: Day, from store: any Store, space: UnlockedSpace) async throws -> [CheckIn] {
        // Under its identifier now, or still under the old one (renamed when the journal is next read).
        let days = (0..<count).map { last - $0 }
        let ids = days.flatMap { [checkInID($0, in: space), legacyCheckInID($0, in: space)] }
        let records = try await store.records(checkInKind, ids: ids, in: space)
        // A day kept under both identifiers counts once.
        return Dictionary(records.map { ($0.value.day, $0.value) }, uniquingKeysWith: { first, _ in first })
            .values.sorted { $0.day > $1.day }
    }

    /// Every check-in, newest first. Any still under its old, day-revealing identifier is renamed.
    public static func checkIns(from store: any Store, space: UnlockedSpace) async throws -> [CheckIn] {
        let records = try await store.records(checkInKind, in: space)
        for record in records where record.id == legacyCheckInID(record.value.day, in: space) {
            try await store.renameRecord(
                checkInKind, from: record.id, to: checkInID(record.value.day, in: space), value: record.value,
                createdAt: undatedRecord, in: space)
        }
        return records.map(\.value).sorted { $0.day > $1.day }
    }
}
