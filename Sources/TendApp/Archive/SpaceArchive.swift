import Foundation
import Logging
import TendCore
import TendStore
import TendVault

/// Everything in a space as one JSON document. The format is documented in
/// `docs/export-format.md`; an export imported into an empty Tend and exported again is identical.
public struct SpaceExport: Codable, Equatable, Sendable {
    public static let formatName = "tend-export"
    /// Version 2 added graded practice (`steps`, `stepPractices`); version 3 added programmes taken
    /// on from a practitioner (`programs`, `followingProgram`). Older files still import.
    public static let currentVersion = 3

    /// A record kept under its own identifier.
    public struct Entry<Value: Codable & Equatable & Sendable>: Codable, Equatable, Sendable {
        public let id: String
        public let value: Value
    }

    public let format: String
    public let version: Int
    /// The space's identifier; an import keeps it, so every record keeps its own.
    public let owner: String
    public let sessions: [PracticeSession]
    public let checkIns: [CheckIn]
    public let cycle: CycleRecord?
    public let intakes: [Entry<IntakeRecord>]
    public let agreements: [Entry<AgreementRecord>]
    public let preferences: Preferences?
    /// Chosen practice times; absent if never set. The calendar link is not kept: an import makes
    /// a new one when the feed was on.
    public let reminders: RemindersEntry?
    /// The person's ladder and pace; absent if never changed from the usual.
    public let steps: StepsPlan?
    /// Every practice of a step, oldest first; absent when there are none.
    public let stepPractices: [StepPractice]?
    /// Programmes taken on from a practitioner, oldest first; absent when there are none.
    public let programs: [KeptProgram]?
    /// The kept programme new sessions follow; absent when it is the method's own.
    public let followingProgram: String?

    public struct RemindersEntry: Codable, Equatable, Sendable {
        public let plan: ReminderPlan
        public let calendarFeed: Bool
    }

    /// The steps plan as kept, or the usual one when the export has none.
    var stepsPlan: StepsPlan { steps ?? StepsPlan() }

    /// The programmes this file's sessions may follow.
    func shelf(standard: Program) -> ProgramShelf { ProgramShelf(standard: standard, steps: stepsPlan, kept: programs ?? []) }

    public var recordCount: Int {
        sessions.count + checkIns.count + intakes.count + agreements.count + (stepPractices?.count ?? 0) + (programs?.count ?? 0)
            + [cycle != nil, preferences != nil, reminders != nil, steps != nil].filter { $0 }.count
    }

    /// Reads everything of a space, in a stable order. A session Tend cannot read (one that no
    /// longer fits its programme, or whose programme was damaged on disk) cannot be shown either,
    /// and is left out, as an import would refuse it.
    public static func gather(from store: any Store, space: UnlockedSpace) async throws -> SpaceExport {
        let shelf = try await Programmes.shelf(from: store, space: space, standard: try Program.standard())
        let chosen = try await Programmes.chosenKept(from: store, space: space, kept: shelf.kept)
        return SpaceExport(
            format: formatName, version: currentVersion, owner: space.owner.rawValue,
            sessions: shelf.readable(try await store.sessions(in: space)).sorted { ($0.createdAt, $0.id.rawValue) < ($1.createdAt, $1.id.rawValue) },
            checkIns: try await Journal.checkIns(from: store, space: space).reversed(),
            cycle: try await store.record(Journal.cycleKind, id: Journal.cycleID(in: space), in: space),
            intakes: try await Intakes.history(in: store, space: space).reversed().map { Entry(id: $0.id, value: $0.value) },
            agreements: try await store.records(Agreements.kind, in: space).map { Entry(id: $0.id, value: $0.value) }
                .sorted { ($0.value.savedAt, $0.id) < ($1.value.savedAt, $1.id) },
            preferences: try await store.record(Preferences.kind, id: Preferences.recordID(for: space), in: space),
            reminders: try await Reminders.load(from: store, space: space).map { RemindersEntry(plan: $0.plan, calendarFeed: $0.feedToken != nil) },
            steps: try await Steps.storedPlan(from: store, space: space),
            stepPractices: try await Steps.practices(from: store, space: space).nilIfEmpty,
            programs: shelf.kept.nilIfEmpty,
            followingProgram: chosen)
    }

    /// Pretty, key-sorted JSON with ISO 8601 times (millisecond precision).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Self.timeFormat))
        }
        return try encoder.encode(self)
    }

    public static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Reads an export, refusing anything that is not one, with a reason a person can act on.
    /// A good file is parsed once; only a refused one is looked at again, to say why.
    public static func decode(_ data: Data, program: Program) throws(ArchiveError) -> SpaceExport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = try? Date(text, strategy: timeFormat) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time"))
            }
            return date
        }
        let export: SpaceExport
        do {
            export = try decoder.decode(SpaceExport.self, from: data)
        } catch {
            throw refusal(of: data, failure: error)
        }
        guard export.format == formatName else { throw .notAnExport }
        guard export.version <= currentVersion else { throw .newerVersion(export.version) }
        if let problem = export.problem { throw .damaged(at: problem) }
        for (index, session) in export.sessions.enumerated() {
            // Each session is checked against the programme it followed, which the file must hold.
            guard let followed = export.shelf(standard: program).program(for: session.programID) else {
                throw .damaged(at: "sessions.\(index).programID: this session follows a programme this file does not hold")
            }
            do {
                try session.validate(against: followed)
            } catch {
                throw .damaged(at: "sessions.\(index).\(error.path): \(error.sentence)")
            }
        }
        return export
    }

    /// Why a file that did not read as an export was refused: not one at all, one from a newer
    /// Tend, or one damaged at a named place.
    private static func refusal(of data: Data, failure: any Error) -> ArchiveError {
        struct Header: Decodable {
            public let format: String?
            public let version: Int?
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: data), header.format == formatName,
            let version = header.version
        else { return .notAnExport }
        guard version <= currentVersion else { return .newerVersion(version) }
        func place(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch failure {
        case DecodingError.keyNotFound(let key, let context):
            return .damaged(at: place(context.codingPath + [key]) + ": this field is missing")
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return .damaged(at: place(context.codingPath) + ": this field holds the wrong kind of value")
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            // Tend's own rules say what is wrong in a sentence (see TendCore's validation).
            return .damaged(at: place(context.codingPath) + ": " + context.debugDescription)
        default:
            // JSON that does not parse as Swift values, e.g. a number too large for any field.
            if let place = JSONValue.read(data)?.firstUnusableNumber() { return .damaged(at: "\(place): this number is larger than any field takes") }
            return .notAnExport
        }
    }

    /// The first thing inside that Tend would not have written itself.
    public var problem: String? {
        // Identifiers end up in links and forms: only the letters, digits and dashes Tend itself uses.
        let identifiers = [owner] + sessions.map(\.id.rawValue) + intakes.map(\.id) + agreements.map(\.id)
        if let bad = identifiers.first(where: { $0.isEmpty || !$0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }) {
            return "an identifier (\(bad.prefix(40)))"
        }
        if let index = sessions.firstIndex(where: { $0.owner.rawValue != owner }) { return "sessions.\(index).owner" }
        if Set(sessions.map(\.id)).count != sessions.count { return "sessions (an identifier appears twice)" }
        let recordIDs = sessions.map(\.id.rawValue) + intakes.map(\.id) + agreements.map(\.id)
        if Set(recordIDs).count != recordIDs.count { return "sessions, intakes or agreements (an identifier appears twice)" }
        if Set(checkIns.map(\.day)).count != checkIns.count { return "checkIns (a day appears twice)" }
        let practices = stepPractices ?? []
        if Set(practices.map(\.id)).count != practices.count { return "stepPractices (an identifier appears twice)" }
        if let index = practices.firstIndex(where: { stepsPlan.ladder.step($0.stepID) == nil }) {
            return "stepPractices.\(index).stepID (a step that is not on the ladder)"
        }
        let programIDs = (programs ?? []).map(\.program.id)
        if Set(programIDs).count != programIDs.count { return "programs (an identifier appears twice)" }
        if let followingProgram, !programIDs.contains(followingProgram) { return "followingProgram (a programme this file does not hold)" }
        return nil
    }

    /// Makes the space this export came from, under its own identifier, in a store that has none,
    /// and writes everything into it. Anything half-written is erased again.
    public func createSpace(
        in store: any Store, keyRing: KeyRing, key: DataKey, at now: Date, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> UnlockedSpace {
        let space = UnlockedSpace(owner: OwnerID(rawValue: owner), key: key)
        try await store.createSpace(owner: space.owner, keyRing: keyRing, at: now)
        do {
            try await restore(into: store, space: space, progress: progress)
        } catch {
            try? await store.eraseSpace(owner: space.owner)
            throw error
        }
        return space
    }

    /// Writes everything into `space`, reporting how far it has got.
    private func restore(into store: any Store, space: UnlockedSpace, progress: @Sendable (Int, Int) -> Void) async throws {
        let total = recordCount
        var done = 0
        func step() {
            done += 1
            if done == total || done % max(1, total / 20) == 0 { progress(done, total) }
        }
        // Sessions go in together, a batch a transaction (the space is new, so nothing is stale).
        let batch = max(1, total / 20)
        for start in stride(from: 0, to: sessions.count, by: batch) {
            let chunk = sessions[start..<min(start + batch, sessions.count)]
            try await store.save(chunk.map { SessionChanges(session: $0, space: space, storedSignals: 0, stateChanged: true) })
            chunk.forEach { _ in step() }
        }
        for checkIn in checkIns {
            try await Journal.save(checkIn, in: store, space: space)
            step()
        }
        if let cycle {
            try await Journal.save(cycle, in: store, space: space)
            step()
        }
        for entry in intakes {
            try await store.save(entry.value, id: entry.id, kind: Intakes.kind, createdAt: entry.value.takenAt, in: space)
            step()
        }
        for entry in agreements {
            try await store.save(entry.value, id: entry.id, kind: Agreements.kind, createdAt: entry.value.savedAt, in: space)
            step()
        }
        if let preferences {
            try await store.save(preferences, id: Preferences.recordID(for: space), kind: Preferences.kind, createdAt: Date(), in: space)
            step()
        }
        if let reminders {
            if reminders.calendarFeed {
                try await Reminders.publish(reminders.plan, in: store, space: space)
            } else {
                try await Reminders.save(Reminders(plan: reminders.plan, feedToken: nil), in: store, space: space)
            }
            step()
        }
        if let steps {
            try await Steps.save(steps, in: store, space: space)
            step()
        }
        for practice in stepPractices ?? [] {
            try await Steps.record(practice, on: stepsPlan.ladder, in: store, space: space)
            step()
        }
        try await Programmes.restore(programs ?? [], chosen: followingProgram, in: store, space: space)
        (programs ?? []).forEach { _ in step() }
    }
}

extension Array {
    /// Nil for an empty list, so an export leaves out what a person never used.
    var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}

/// Why an export, import or erase did not go ahead.
public enum ArchiveError: Error, Equatable {
    case notAnExport
    case noFileChosen
    case newerVersion(Int)
    case damaged(at: String)
    case spaceExists
    case noSpace
    case wrongPassphrase
    case passphraseTooShort(minimum: Int)
    case confirmationDiffers(expected: String)
    case hostedDatabase

    public var message: String {
        switch self {
        case .notAnExport: "This file is not a Tend export (it should be the JSON file Tend's export makes). Nothing was changed."
        case .noFileChosen: "Please choose the export file (it is usually called tend-export.json)."
        case .newerVersion(let version): "This export was made by a newer Tend (format \(version)). Please update Tend, then import it. Nothing was changed."
        case .damaged(let place): "This export is damaged or was edited by hand, at \(place). Nothing was changed."
        case .spaceExists: "This data folder already has a private space. Import into a new, empty folder (--data-dir), or erase this one first."
        case .noSpace: "There is no private space in this data folder."
        case .wrongPassphrase: "That passphrase does not open this space."
        case .passphraseTooShort(let minimum): "Please use a passphrase of at least \(minimum) characters."
        case .confirmationDiffers(let expected): "To erase, type exactly: \(expected)"
        case .hostedDatabase:
            "This database belongs to a hosted Tend with many people in it. Each person exports or erases their own space from Your data; nothing was changed."
        }
    }
}

/// Export, import and erase for the `tend` command, on the database a location names.
public enum SpaceArchive {
    /// What a person types to confirm an erase.
    public static let eraseConfirmation = "erase everything"

    /// These commands are for a Tend of one's own: on a hosted database they would reach into
    /// other people's spaces (or make one nobody can sign in to), so they refuse.
    static func refuseHosted(_ store: any Store) async throws {
        guard try await store.accountCount() == 0 else { throw ArchiveError.hostedDatabase }
    }

    /// Whether what a person typed confirms an erase (capitals and surrounding space aside).
    public static func confirmsErase(_ typed: String) -> Bool {
        typed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == eraseConfirmation
    }

    /// The two shapes an export takes.
    public enum Format: Sendable {
        /// One JSON document: complete, and the one that imports.
        case json
        /// Spreadsheet tables, one CSV file per kind of record, in a zip file.
        case csvZip
    }

    /// The whole space as export JSON, or as zipped CSV tables.
    public static func export(from location: DataLocation, passphrase: String, format: Format = .json, progress: @Sendable (String) -> Void) async throws -> Data {
        try await location.withStore { store in
            try await refuseHosted(store)
            guard let owner = try await store.owners().first, let keyRing = try await store.keyRing(owner: owner) else { throw ArchiveError.noSpace }
            progress("Unlocking…")
            let key: DataKey
            do {
                key = try await keyRing.unlock(passphrase: passphrase)
            } catch {
                throw ArchiveError.wrongPassphrase
            }
            progress("Reading and unsealing everything…")
            let export = try await SpaceExport.gather(from: store, space: UnlockedSpace(owner: owner, key: key))
            progress("Read \(export.recordCount) records.")
            return try format == .json ? export.encoded() : export.csvArchive(program: Program.standard())
        }
    }

    /// Makes a new space from an export, sealed with `passphrase`; returns the new recovery key.
    /// Refuses when the folder already has a space. Anything half-written is removed again.
    public static func importExport(
        _ data: Data, into location: DataLocation, passphrase: String, cost: ScryptCost = .standard, progress: @escaping @Sendable (String) -> Void
    ) async throws -> String {
        let export = try SpaceExport.decode(data, program: try Program.standard())
        guard passphrase.count >= KeyRing.minimumPassphraseLength else { throw ArchiveError.passphraseTooShort(minimum: KeyRing.minimumPassphraseLength) }
        let newDatabase = location.databaseURL == nil && !FileManager.default.fileExists(atPath: location.sqlitePath)
        do {
            return try await makeSpace(from: export, into: location, passphrase: passphrase, cost: cost, progress: progress)
        } catch {
            // A database file this import made, and could not finish, is removed again: a refused
            // import leaves the folder as it found it.
            if newDatabase {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location.sqlitePath + suffix) }
            }
            throw error
        }
    }

    private static func makeSpace(
        from export: SpaceExport, into location: DataLocation, passphrase: String, cost: ScryptCost, progress: @escaping @Sendable (String) -> Void
    ) async throws -> String {
        try await location.withStore { store in
            try await refuseHosted(store)
            guard try await store.owners().isEmpty else { throw ArchiveError.spaceExists }
            progress("Making the keys for the new space…")
            let (keyRing, recoveryKey, dataKey) = try await KeyRing.create(passphrase: passphrase, cost: cost)
            _ = try await export.createSpace(in: store, keyRing: keyRing, key: dataKey, at: Date()) { done, total in
                progress("Sealed and wrote \(done) of \(total) records (\(done * 100 / max(total, 1))%).")
            }
            return recoveryKey.displayText
        }
    }

    /// Deletes the space and everything in it, then compacts the database. Returns false when
    /// there was nothing to erase.
    public static func erase(at location: DataLocation, confirmation: String) async throws -> Bool {
        guard confirmsErase(confirmation) else { throw ArchiveError.confirmationDiffers(expected: eraseConfirmation) }
        return try await location.withStore { store in
            try await refuseHosted(store)
            let owners = try await store.owners()
            for owner in owners {
                try await store.eraseSpace(owner: owner)
            }
            return !owners.isEmpty
        }
    }
}
