import Foundation
import TendCore
import TendStore
import TendVault

/// A programme a practitioner offered and the person took on, kept sealed in their space for as
/// long as the space lasts: every session that followed it names it, so it is never removed.
public struct KeptProgram: Codable, Equatable, Sendable {
    /// The programme, under an identifier of the person's own (``Programmes/keptPrefix``).
    public let program: Program
    /// The practitioner who offered it, by the name they showed when it was taken on.
    public let offeredBy: String
    public let keptAt: Date

    /// A kept programme.
    public init(program: Program, offeredBy: String, keptAt: Date) {
        self.program = program
        self.offeredBy = offeredBy
        self.keptAt = keptAt
    }

    /// Read back, a kept programme must still keep every rule of the method (a stored row is outside).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        program = try container.decode(Program.self, forKey: .program)
        offeredBy = try container.decode(String.self, forKey: .offeredBy)
        keptAt = try container.decode(Date.self, forKey: .keptAt)
        do {
            try program.validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.program], debugDescription: error.description))
        }
        guard Practitioners.name(offeredBy) == offeredBy else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath + [CodingKeys.offeredBy], debugDescription: "a practitioner's name is one line of up to \(Practitioners.displayNameLimit) characters"))
        }
        guard program.id.hasPrefix(Programmes.keptPrefix) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath + [CodingKeys.program], debugDescription: "a kept programme's id starts with \(Programmes.keptPrefix)"))
        }
    }
}

/// Which programme a person's new sessions follow, when it is not the method's own.
struct ProgramChoice: Codable, Equatable, Sendable {
    let programID: String
}

/// Why a programme could not be chosen.
public enum ProgrammesError: Error, Equatable {
    case notKept

    /// The sentence a person reads.
    public var message: String { "That programme is not one of yours. Please choose one from the list." }
}

/// Every programme a person's sessions may follow, read once: the method's own, the person's
/// steps (each practised with a partner is a programme), and the programmes they took on.
public struct ProgramShelf: Sendable {
    public let standard: Program
    public let steps: StepsPlan
    public let kept: [KeptProgram]

    public init(standard: Program, steps: StepsPlan, kept: [KeptProgram]) {
        self.standard = standard
        self.steps = steps
        self.kept = kept
    }

    /// The programme a session named `programID` follows; nil when none of these is it.
    public func program(for programID: String) -> Program? {
        if programID == standard.id { return standard }
        if let stepID = Program.practisedStep(in: programID) {
            return steps.ladder.step(stepID).map { .practising($0, thresholds: steps.thresholds, base: standard) }
        }
        return kept.first { $0.program.id == programID }?.program
    }

    /// The sessions that can be read: each names a programme on this shelf, and fits it.
    public func readable(_ sessions: [PracticeSession]) -> [PracticeSession] {
        sessions.filter { session in
            guard let program = program(for: session.programID) else { return false }
            return (try? session.validate(against: program)) != nil
        }
    }
}

/// The programmes a person's sessions follow: the method's own, and any they took on from a
/// practitioner. New sessions follow the one they chose; every session keeps the one it began with.
public enum Programmes {
    /// The identifier of every kept programme starts with this.
    public static let keptPrefix = "offered:"
    static let keptKind = RecordKind<KeptProgram>("kept-program")
    static let choiceKind = RecordKind<ProgramChoice>("program-choice")
    static func choiceID(in space: UnlockedSpace) -> String { "program-choice-\(space.owner.rawValue)" }

    /// Every programme the person took on and that can be read, oldest first.
    public static func kept(from store: any Store, space: UnlockedSpace) async throws -> [KeptProgram] {
        try await store.records(keptKind, in: space).map(\.value).sorted { ($0.keptAt, $0.program.id) < ($1.keptAt, $1.program.id) }
    }

    /// One kept programme, by its identifier; nil when there is none, or it cannot be read.
    static func keptProgram(_ id: String, from store: any Store, space: UnlockedSpace) async throws -> Program? {
        guard id.hasPrefix(keptPrefix) else { return nil }
        do {
            return try await store.record(keptKind, id: id, in: space)?.program
        } catch where error.isUnreadableRecord {
            return nil
        }
    }

    /// Everything sessions may follow, read once.
    public static func shelf(from store: any Store, space: UnlockedSpace, standard: Program) async throws -> ProgramShelf {
        ProgramShelf(
            standard: standard, steps: try await Steps.plan(from: store, space: space), kept: try await kept(from: store, space: space))
    }

    /// The identifier of the programme new sessions follow: a kept one the person chose, or the
    /// method's own. A choice that cannot be read, or names a programme that cannot, is no choice:
    /// sessions follow the method's own until the person chooses again, and every page says so.
    public static func chosenID(from store: any Store, space: UnlockedSpace, standard: Program, kept: [KeptProgram]) async throws -> String {
        try await chosenKept(from: store, space: space, kept: kept) ?? standard.id
    }

    /// The kept programme the person chose, if there is one and it can be read.
    static func chosenKept(from store: any Store, space: UnlockedSpace, kept: [KeptProgram]) async throws -> String? {
        let stored = try await storedChoice(from: store, space: space)
        return kept.contains { $0.program.id == stored } ? stored : nil
    }

    /// The choice as stored; nil when there is none or it cannot be read.
    private static func storedChoice(from store: any Store, space: UnlockedSpace) async throws -> String? {
        do {
            return try await store.record(choiceKind, id: choiceID(in: space), in: space)?.programID
        } catch where error.isUnreadableRecord {
            return nil
        }
    }

    /// Keeps an offered programme under a new identifier of the person's own (nothing in it ties
    /// it to the offer) and makes it the one new sessions follow.
    static func keep(_ program: Program, id: String, offeredBy: String, in store: any Store, space: UnlockedSpace, at now: Date) async throws {
        let kept = KeptProgram(program: program.identified(as: keptPrefix + id), offeredBy: offeredBy, keptAt: now)
        try kept.program.validate()
        try await store.saveUndated(kept, id: kept.program.id, kind: keptKind, in: space)
        try await choose(kept.program.id, standard: nil, in: store, space: space)
    }

    /// The person chooses which programme new sessions follow: the method's own, or one they kept.
    public static func choose(_ programID: String, standard: Program?, in store: any Store, space: UnlockedSpace) async throws {
        if programID == standard?.id {
            try await store.deleteRecord(choiceKind, id: choiceID(in: space), in: space)
            return
        }
        guard try await kept(from: store, space: space).contains(where: { $0.program.id == programID }) else { throw ProgrammesError.notKept }
        try await store.saveUndated(ProgramChoice(programID: programID), id: choiceID(in: space), kind: choiceKind, in: space)
    }

    /// Restores kept programmes and the choice from an export, as they were.
    static func restore(_ kept: [KeptProgram], chosen: String?, in store: any Store, space: UnlockedSpace) async throws {
        for program in kept {
            try await store.saveUndated(program, id: program.program.id, kind: keptKind, in: space)
        }
        if let chosen { try await choose(chosen, standard: nil, in: store, space: space) }
    }
}
