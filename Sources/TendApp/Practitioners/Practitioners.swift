import Crypto
import Foundation
import TendCore
import TendStore
import TendVault

/// Why something about practitioners did not work, in words a person can act on.
public enum PractitionerError: Error, Equatable {
    case displayNameNotValid
    case codeNotValid
    case linkCodeNotValid
    case pseudonymNotValid
    case linkNotFound
    case notAPractitioner
    case noteTooLong
    case offerNotReadable
    case periodTooLong

    public var message: String {
        switch self {
        case .displayNameNotValid:
            "Please give the name people will see, in 2 to \(Practitioners.displayNameLimit) characters on one line, for example your name and what you do."
        case .codeNotValid: "That code does not match the authenticator app. Please type the six digits it shows now."
        case .linkCodeNotValid: "That code does not match a practitioner here, or it has expired. Please ask them for a new one."
        case .pseudonymNotValid:
            "Please give a name for them to know you by, in 1 to \(Practitioners.displayNameLimit) characters on one line. It need not be your real name."
        case .linkNotFound: "That link has ended, or was never yours."
        case .notAPractitioner: "This page is for practitioners' accounts."
        case .noteTooLong: "Please keep your note to \(Practitioners.ownNoteLimit) characters or fewer; nothing was saved."
        case .periodTooLong: "Please choose a period of up to \(SharedReport.longestPeriodDays / 365) years; nothing was shared."
        case .offerNotReadable: "This suggestion could not be read, so it cannot be taken on. You can remove it and ask them to send it again."
        }
    }
}

/// What a practitioner keeps sealed in their own space: the name people see, the authenticator
/// secret, the private half of the key pair shares are sealed to, and the last code used (so a
/// code works once).
public struct PractitionerSecrets: Codable, Sendable {
    public var displayName: String
    public var codeSecret: Data
    public var sharePrivateKey: Data
    public var lastCodeStep: Int64

    static let kind = RecordKind<PractitionerSecrets>("practitioner")
    static func recordID(_ owner: OwnerID) -> String { "practitioner-\(owner.rawValue)" }

    /// A practitioner's secrets, or nil for anyone else's space.
    public static func load(from store: any Store, space: UnlockedSpace) async throws -> PractitionerSecrets? {
        try await store.record(kind, id: recordID(space.owner), in: space)
    }

    func save(in store: any Store, space: UnlockedSpace) async throws {
        try await store.saveUndated(self, id: Self.recordID(space.owner), kind: Self.kind, in: space)
    }
}

/// What a person shares with a practitioner, once: the period, what they ticked, and exactly the
/// records those need. Sealed to the practitioner before it is stored; the practitioner's screen
/// draws the same report from it that the person would print.
public struct SharedReport: Codable, Sendable {
    /// Which parts of the report the person chose to share.
    public struct Contents: Codable, Sendable, Equatable {
        public var intake = false
        public var map = false
        public var trends = false
        public var frequency = false
        public var notes = false
        public var steps = false
        /// Each session in brief: when, how long, how far, how it closed.
        public var sessions = false

        public init(
            intake: Bool = false, map: Bool = false, trends: Bool = false, frequency: Bool = false, notes: Bool = false, steps: Bool = false,
            sessions: Bool = false
        ) {
            self.intake = intake
            self.map = map
            self.trends = trends
            self.frequency = frequency
            self.notes = notes
            self.steps = steps
            self.sessions = sessions
        }

        /// A part missing from what was kept (a share made before that part existed) was not shared.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func ticked(_ key: CodingKeys) throws -> Bool { try container.decodeIfPresent(Bool.self, forKey: key) ?? false }
            self.init(
                intake: try ticked(.intake), map: try ticked(.map), trends: try ticked(.trends), frequency: try ticked(.frequency),
                notes: try ticked(.notes), steps: try ticked(.steps), sessions: try ticked(.sessions))
        }

        public var isEmpty: Bool { self == Contents() }

        /// The parts in words, for the person's list of what each practitioner can see.
        public var words: [String] {
            [
                (intake, "where you started"), (frequency, "how often you practised"), (sessions, "each session in brief"),
                (map, "the clock-face maps"), (trends, "pain and anxiety by kind of penetration"), (notes, "your notes"),
                (steps, "your steps"),
            ].filter(\.0).map(\.1)
        }
    }

    public let from: Day
    public let to: Day
    public let contents: Contents
    public let sessions: [SessionDigest]
    public let checkIns: [CheckIn]
    public let cycle: CycleRecord?
    public let intake: Intake?
    public let stepsPlan: StepsPlan?
    public let stepPractices: [StepPractice]
    public let madeAt: Date
    /// Kept up to date as the person records things, rather than shared once.
    public var continuous: Bool? = nil
    /// With the clock-face maps: the gates of each programme (offered by a practitioner and taken
    /// on) its sessions followed, and nothing else of it, so each session's points are read where
    /// they were without handing on anyone's words.
    public var followedGates: [FollowedGates]? = nil

    /// The gates of one programme a shared session followed.
    public struct FollowedGates: Codable, Sendable {
        public let programID: String
        public let gates: [Gate]
    }

    /// Programmes to read the shared sessions through: `base`'s words with each followed
    /// programme's gates. Gates that break the method's rules are left out, and the sessions that
    /// followed them add no points.
    public func followedPrograms(base: Program) -> [Program] {
        (followedGates ?? []).compactMap { followed in
            let program = Program(
                format: base.format, id: followed.programID, name: base.name, phases: base.phases, lines: base.lines, warmUp: base.warmUp,
                dwell: base.dwell, gates: followed.gates)
            return (try? program.validate()) == nil ? nil : program
        }
    }
}

/// A steps ladder and pace a practitioner offers a linked person. The person reads it and accepts
/// or declines; accepted, it becomes their ladder.
public struct LadderOffer: Codable, Sendable {
    public let ladder: StepLadder
    public let thresholds: StepThresholds
    /// A few words from the practitioner, if any.
    public let note: String
    public let madeAt: Date

    public init(ladder: StepLadder, thresholds: StepThresholds, note: String, madeAt: Date) {
        self.ladder = ladder
        self.thresholds = thresholds
        self.note = note
        self.madeAt = madeAt
    }
}

/// A session programme a practitioner offers a linked person: read, and accepted, it is what the
/// person's new sessions follow (they can go back to the method's own at any time).
public struct ProgramOffer: Codable, Sendable {
    public let program: Program
    /// A few words from the practitioner, if any.
    public let note: String
    public let madeAt: Date

    public init(program: Program, note: String, madeAt: Date) {
        self.program = program
        self.note = note
        self.madeAt = madeAt
    }
}

/// A programme a practitioner wrote and offered, kept in their own space to start from again.
public struct WrittenProgram: Codable, Sendable {
    /// Names it among the practitioner's own: drawn at random, so nothing of the programme can be
    /// read from it (offering one of the same name again keeps the newer under the same key).
    public let key: String
    public let program: Program
    public let writtenAt: Date

    static let kind = RecordKind<WrittenProgram>("written-program")

    func recordID(in space: UnlockedSpace) -> String { "written-\(space.owner.rawValue)-\(key)" }
}

/// What a practitioner may offer a linked person.
public enum Offer: Sendable {
    case ladder(LadderOffer)
    case program(ProgramOffer)

    /// The offer as sealed: the offer's own JSON (a ladder offer reads as it always has).
    func encoded() throws -> Data {
        switch self {
        case .ladder(let ladder): try JSONEncoder().encode(ladder)
        case .program(let program): try JSONEncoder().encode(program)
        }
    }

    /// An opened offer, if it is one Tend writes and keeps the rules (a programme, the method's).
    static func read(_ data: Data) -> Offer? {
        if let offer = try? JSONDecoder().decode(ProgramOffer.self, from: data) {
            return (try? offer.program.validate()) == nil ? nil : .program(offer)
        }
        return (try? JSONDecoder().decode(LadderOffer.self, from: data)).map(Offer.ladder)
    }
}

/// What the person keeps of a share they made, sealed in their own space: what and when, and
/// with whom, so they can read the list back (the share itself only the practitioner can open).
public struct ShareNote: Codable, Sendable {
    public let shareID: String
    public let linkID: String
    public let from: Day
    public let to: Day
    public let contents: SharedReport.Contents
    public let madeOn: Day
    /// Kept up to date as the person records things (the last `weeks` weeks), rather than shared once.
    public var continuousWeeks: Int? = nil

    static let kind = RecordKind<ShareNote>("share-note")
}

/// A person's standing choice to keep a practitioner up to date: what, and how many weeks back.
/// Each time they record something, the share over that link is made again from their records.
public struct ContinuousShare: Codable, Sendable {
    public let linkID: String
    public let contents: SharedReport.Contents
    public let weeks: Int

    /// How far back a share kept up to date may reach.
    public static let weekChoices = [4, 12, 26]
    static let kind = RecordKind<ContinuousShare>("continuous-share")
    static func recordID(_ linkID: String) -> String { "continuous-share-" + linkID }
    /// The share over the link, replaced each time: one identifier for it.
    static func shareID(_ linkID: String) -> String { "continuous-" + linkID }
    /// The link a share kept up to date is over; nil for a share made once.
    static func linkID(ofShare shareID: String) -> String? {
        shareID.hasPrefix("continuous-") ? String(shareID.dropFirst("continuous-".count)) : nil
    }
}

/// A practitioner as a person sees them: the link, what each share holds, and what the person
/// keeps them up to date with, if anything.
public struct LinkedPractitioner: Sendable {
    public let link: LinkView
    public let notes: [ShareNote]
    public let continuous: ContinuousShare?
}

/// A link as one side sees it: the practitioner's name for the person, the person's name for
/// the practitioner's list.
public struct LinkView: Sendable {
    public let id: String
    /// For the person: the practitioner's display name. For the practitioner: the name the person chose.
    public let name: String
}

/// Practitioners' accounts, the links people make with them, and what people share.
public struct Practitioners: Sendable {
    /// The longest display name or chosen name kept.
    public static let displayNameLimit = 80
    /// The longest note a practitioner sends with an offer.
    public static let noteLimit = 1_000
    /// How long a link code lasts.
    public static let linkCodeLifetime: TimeInterval = 24 * 60 * 60
    static let linkCodeAlphabet = Array("ABCDEFGHJKMNPQRSTVWXYZ23456789")

    let store: any Store
    let clock: TendClock
    let ids: IdentifierSource

    public init(store: any Store, clock: TendClock, ids: IdentifierSource) {
        self.store = store
        self.clock = clock
        self.ids = ids
    }

    /// A display name or chosen name, trimmed, or nil when it will not do.
    static func name(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...displayNameLimit).contains(trimmed.count), !trimmed.contains(where: \.isNewline) else { return nil }
        return trimmed
    }

    // MARK: - The practitioner's account

    /// Makes a new space a practitioner's: their display name, their authenticator secret (already
    /// confirmed with a code) and a new key pair, the private half sealed in their space.
    public func makePractitioner(_ space: UnlockedSpace, displayName: String, code: OneTimeCode, confirmedStep: Int64) async throws {
        guard let shown = Self.name(displayName), shown.count >= 2 else { throw PractitionerError.displayNameNotValid }
        let keys = ShareKeyPair()
        let secrets = PractitionerSecrets(displayName: shown, codeSecret: code.secret, sharePrivateKey: keys.raw, lastCodeStep: confirmedStep)
        try await secrets.save(in: store, space: space)
        try await store.createPractitioner(owner: space.owner, displayName: shown, publicKey: keys.publicKey, at: clock.now())
    }

    /// The second factor, for a space just opened with its passphrase: nothing to do for most
    /// spaces; for a practitioner's, the code must match and not have been used before.
    public func checkSecondFactor(_ space: UnlockedSpace, code typed: String?) async throws {
        guard var secrets = try await PractitionerSecrets.load(from: store, space: space) else { return }
        guard let typed, let step = OneTimeCode(secret: secrets.codeSecret).matchingStep(typed, at: clock.now()),
            step > secrets.lastCodeStep
        else { throw PractitionerError.codeNotValid }
        secrets.lastCodeStep = step
        try await secrets.save(in: store, space: space)
    }

    // MARK: - Linking

    /// A new link code for a practitioner to give a person: eight characters, valid for a day, once.
    public func newLinkCode(for space: UnlockedSpace) async throws -> String {
        guard try await store.practitioner(space.owner) != nil else { throw PractitionerError.notAPractitioner }
        let code = String((0..<8).map { _ in Self.linkCodeAlphabet[Int.random(in: 0..<Self.linkCodeAlphabet.count)] })
        try await store.keepLinkCode(digest: Self.digest(ofLinkCode: code), practitioner: space.owner, expiresAt: clock.now() + Self.linkCodeLifetime, at: clock.now())
        return code.prefix(4) + "-" + code.suffix(4)
    }

    /// Who a link code belongs to, before the person agrees.
    public func practitioner(forLinkCode code: String) async throws -> StoredPractitioner {
        guard let found = try await store.practitioner(linkCode: Self.digest(ofLinkCode: code), at: clock.now()) else {
            throw PractitionerError.linkCodeNotValid
        }
        return found
    }

    /// The person agrees: the link is made with the name they chose, sealed to the practitioner.
    public func link(code: String, pseudonym: String, person space: UnlockedSpace) async throws -> String {
        let practitioner = try await practitioner(forLinkCode: code)
        guard let chosen = Self.name(pseudonym) else { throw PractitionerError.pseudonymNotValid }
        guard practitioner.owner != space.owner else { throw PractitionerError.linkCodeNotValid }
        let id = ids.next()
        let sealed = try ShareSeal.seal(Data(chosen.utf8), to: practitioner.publicKey, context: Self.pseudonymContext(id))
        let personKey = try await personKeyPair(of: space).publicKey
        do {
            try await store.createLink(
                StoredLink(id: id, person: space.owner, practitioner: practitioner.owner, sealedPseudonym: sealed, personKey: personKey),
                usingCode: Self.digest(ofLinkCode: code), at: clock.now())
        } catch StoreError.linkCodeNotValid {
            throw PractitionerError.linkCodeNotValid
        }
        return id
    }

    /// The person's links, each with the practitioner's name.
    public func practitionersOf(_ space: UnlockedSpace) async throws -> [LinkView] {
        var views: [LinkView] = []
        for link in try await store.links(of: space.owner) where link.person == space.owner {
            let name = try await store.practitioner(link.practitioner)?.displayName ?? "A practitioner who has left"
            views.append(LinkView(id: link.id, name: name))
        }
        return views
    }

    /// The practitioner's links, each with the name the person chose, opened with their private key.
    public func peopleOf(_ space: UnlockedSpace) async throws -> [LinkView] {
        let keys = try await keyPair(of: space)
        return try await store.links(of: space.owner).filter { $0.practitioner == space.owner }.map { link in
            let name = keys.open(link.sealedPseudonym, context: Self.pseudonymContext(link.id)).map { String(decoding: $0, as: UTF8.self) }
            return LinkView(id: link.id, name: name ?? "Someone (their name could not be read)")
        }
    }

    /// Ends a link from either side: the link and everything shared over it are deleted.
    public func endLink(_ id: String, by space: UnlockedSpace) async throws {
        guard try await store.links(of: space.owner).contains(where: { $0.id == id }) else { throw PractitionerError.linkNotFound }
        try await store.endLink(id, by: space.owner)
        for note in try await store.records(ShareNote.kind, in: space) where note.value.linkID == id {
            try await store.deleteRecord(ShareNote.kind, id: note.id, in: space)
        }
    }

    // MARK: - Sharing

    /// Shares a report over one of the person's links, sealed to its practitioner, and notes it in
    /// the person's own space.
    @discardableResult
    public func share(_ report: SharedReport, over linkID: String, person space: UnlockedSpace) async throws -> String {
        guard let link = try await store.links(of: space.owner).first(where: { $0.id == linkID && $0.person == space.owner }),
            let practitioner = try await store.practitioner(link.practitioner)
        else { throw PractitionerError.linkNotFound }
        let id = ids.next()
        let plaintext = try JSONEncoder().encode(report)
        let sealed = try ShareSeal.seal(plaintext, to: practitioner.publicKey, context: Self.shareContext(linkID))
        try await store.addShare(id: id, link: linkID, person: space.owner, sealed: sealed)
        let note = ShareNote(shareID: id, linkID: linkID, from: report.from, to: report.to, contents: report.contents, madeOn: Day(report.madeAt))
        try await store.saveUndated(note, id: id, kind: ShareNote.kind, in: space)
        return id
    }

    /// Keeps the practitioner on a link up to date with `contents` from the last `weeks` weeks:
    /// shared now, and again each time the person records something.
    public func keepSharing(
        _ contents: SharedReport.Contents, weeks: Int, over linkID: String, person space: UnlockedSpace, program: Program
    ) async throws {
        guard ContinuousShare.weekChoices.contains(weeks) else { throw PractitionerError.linkNotFound }
        let links = try await store.links(of: space.owner)
        guard links.contains(where: { $0.id == linkID && $0.person == space.owner }) else { throw PractitionerError.linkNotFound }
        let standing = ContinuousShare(linkID: linkID, contents: contents, weeks: weeks)
        try await store.saveUndated(standing, id: ContinuousShare.recordID(linkID), kind: ContinuousShare.kind, in: space)
        try await Self.follow(standing, links: links, in: space, store: store, program: program, at: clock.now())
    }

    /// What the person keeps a practitioner on a link up to date with, if anything.
    /// Each practitioner a person is linked with, with what they can see: the person's notes of
    /// each share, and what the person keeps them up to date with. Read once for the whole list.
    public func linked(person space: UnlockedSpace) async throws -> [LinkedPractitioner] {
        let notes = try await notes(in: space)
        let standing = try await store.records(ContinuousShare.kind, in: space).map(\.value)
        return try await practitionersOf(space).map { link in
            LinkedPractitioner(
                link: link, notes: notes.filter { $0.linkID == link.id }, continuous: standing.first { $0.linkID == link.id })
        }
    }

    /// Stops keeping a practitioner up to date; what they had is taken back too.
    public func stopSharing(over linkID: String, person space: UnlockedSpace) async throws {
        try await withdraw(ContinuousShare.shareID(linkID), in: space)
    }

    /// Brings every share the person keeps up to date to what they have recorded now. Called
    /// where they record something (a check-in, a finished session, a step practised); a share
    /// that cannot be made now is made at the next.
    public static func followRecords(in space: UnlockedSpace, store: any Store, at now: Date) async throws {
        let standings = try await store.records(ContinuousShare.kind, in: space).map(\.value)
        guard !standings.isEmpty else { return }
        let program = try Program.standard()
        let links = try await store.links(of: space.owner)
        for standing in standings {
            try await follow(standing, links: links, in: space, store: store, program: program, at: now)
        }
    }

    private static func follow(
        _ standing: ContinuousShare, links: [StoredLink], in space: UnlockedSpace, store: any Store, program: Program, at now: Date
    ) async throws {
        guard let link = links.first(where: { $0.id == standing.linkID && $0.person == space.owner }),
            let practitioner = try await store.practitioner(link.practitioner)
        else {
            try await store.deleteRecord(ContinuousShare.kind, id: ContinuousShare.recordID(standing.linkID), in: space)  // the link ended
            return
        }
        let today = Day(now)
        var report = try await SharedReport.gather(
            standing.contents, from: today - (standing.weeks * 7 - 1), to: today, in: space, store: store, program: program, at: now)
        report.continuous = true
        let id = ContinuousShare.shareID(standing.linkID)
        let sealed = try ShareSeal.seal(try JSONEncoder().encode(report), to: practitioner.publicKey, context: shareContext(standing.linkID))
        try await store.removeShare(id, person: space.owner)
        try await store.addShare(id: id, link: standing.linkID, person: space.owner, sealed: sealed)
        var note = ShareNote(shareID: id, linkID: standing.linkID, from: report.from, to: report.to, contents: report.contents, madeOn: today)
        note.continuousWeeks = standing.weeks
        try await store.saveUndated(note, id: id, kind: ShareNote.kind, in: space)
    }

    /// What the person has shared, as they noted it, newest first (filter by `linkID` for one practitioner).
    public func notes(in space: UnlockedSpace) async throws -> [ShareNote] {
        try await store.records(ShareNote.kind, in: space).map(\.value).sorted { $0.madeOn > $1.madeOn }
    }

    /// Withdraws a share: the practitioner can no longer open it. Taking back the share kept up to
    /// date stops keeping it up to date too, so nothing is shared again unasked. Withdrawing what is
    /// already gone changes nothing.
    public func withdraw(_ shareID: String, in space: UnlockedSpace) async throws {
        if let linkID = ContinuousShare.linkID(ofShare: shareID) {
            try await store.deleteRecord(ContinuousShare.kind, id: ContinuousShare.recordID(linkID), in: space)
        }
        try await store.removeShare(shareID, person: space.owner)
        try await store.deleteRecord(ShareNote.kind, id: shareID, in: space)
    }

    /// Everything shared over a link, for its practitioner, newest first. A share that does not
    /// open or decode (damaged, or not what Tend writes) is left out rather than shown.
    public func shares(over linkID: String, practitioner space: UnlockedSpace) async throws -> [(id: String, report: SharedReport)] {
        let keys = try await keyPair(of: space)
        return try await store.shares(link: linkID, reader: space.owner).compactMap { share in
            guard let plaintext = keys.open(share.sealed, context: Self.shareContext(linkID)),
                let report = try? JSONDecoder().decode(SharedReport.self, from: plaintext)
            else { return nil }
            return (share.id, report)
        }.sorted { $0.report.madeAt > $1.report.madeAt }
    }

    /// A person's key pair for what practitioners offer them, made the first time they link and
    /// kept sealed in their space.
    private func personKeyPair(of space: UnlockedSpace) async throws -> ShareKeyPair {
        let id = "offer-keys-\(space.owner.rawValue)"
        if let raw = try await store.record(Self.personKeysKind, id: id, in: space) { return try ShareKeyPair(raw: raw) }
        let keys = ShareKeyPair()
        try await store.saveUndated(keys.raw, id: id, kind: Self.personKeysKind, in: space)
        return keys
    }

    private static let personKeysKind = RecordKind<Data>("offer-keys")

    // MARK: - The practitioner's own notes

    /// The longest note a practitioner keeps about one person.
    public static let ownNoteLimit = 4_000
    private static let ownNoteKind = RecordKind<String>("practitioner-note")

    /// What the practitioner wrote for themselves about the person on a link: sealed in their own
    /// space, never shared.
    public func ownNote(for linkID: String, practitioner space: UnlockedSpace) async throws -> String {
        try await store.record(Self.ownNoteKind, id: Self.ownNoteID(linkID, space), in: space) ?? ""
    }

    /// Keeps the practitioner's own note about the person on one of their links.
    public func keepOwnNote(_ text: String, for linkID: String, practitioner space: UnlockedSpace) async throws {
        guard try await store.links(of: space.owner).contains(where: { $0.id == linkID && $0.practitioner == space.owner }) else {
            throw PractitionerError.linkNotFound
        }
        guard text.count <= Self.ownNoteLimit else { throw PractitionerError.noteTooLong }
        try await store.saveUndated(text, id: Self.ownNoteID(linkID, space), kind: Self.ownNoteKind, in: space)
    }

    private static func ownNoteID(_ linkID: String, _ space: UnlockedSpace) -> String { "pnote-\(space.owner.rawValue)-\(linkID)" }

    // MARK: - Offers

    /// A practitioner offers a linked person a steps ladder or a programme, sealed to the person's
    /// key; it is checked by TendCore's rules first.
    public func offer(_ offer: Offer, over linkID: String, practitioner space: UnlockedSpace) async throws {
        guard let link = try await store.links(of: space.owner).first(where: { $0.id == linkID && $0.practitioner == space.owner }) else {
            throw PractitionerError.linkNotFound
        }
        if case .program(let offered) = offer { try offered.program.validate() }
        let sealed = try ShareSeal.seal(try offer.encoded(), to: link.personKey, context: Self.offerContext(linkID))
        try await store.addOffer(id: ids.next(), link: linkID, practitioner: space.owner, sealed: sealed)
        if case .program(let offered) = offer {
            // The practitioner keeps what they wrote, one per name, to start from again for anyone.
            let same = try await writtenPrograms(practitioner: space).first { $0.program.name == offered.program.name }
            let written = WrittenProgram(key: same?.key ?? ids.next(), program: offered.program, writtenAt: offered.madeAt)
            try await store.saveUndated(written, id: written.recordID(in: space), kind: WrittenProgram.kind, in: space)
        }
    }

    /// The programmes a practitioner has offered, one per name (the latest), by name; sealed in their own space.
    public func writtenPrograms(practitioner space: UnlockedSpace) async throws -> [WrittenProgram] {
        try await store.records(WrittenProgram.kind, in: space).map(\.value)
            .filter { (try? $0.program.validate()) != nil }
            .sorted { $0.program.name.localizedStandardCompare($1.program.name) == .orderedAscending }
    }

    /// What practitioners have offered a person and is waiting for their answer. An offer that
    /// does not open, or breaks the method's rules (written for another version of Tend, or
    /// damaged), comes as nil: it can only be declined.
    public func offers(for space: UnlockedSpace) async throws -> [(id: String, link: LinkView, offer: Offer?)] {
        let waiting = try await store.offers(for: space.owner)
        guard !waiting.isEmpty else { return [] }  // nothing to open, so no key pair made on a page view
        let links = try await practitionersOf(space)
        let keys = try await personKeyPair(of: space)
        return waiting.compactMap { offer in
            guard let link = links.first(where: { $0.id == offer.link }) else { return nil }
            return (offer.id, link, keys.open(offer.sealed, context: Self.offerContext(offer.link)).flatMap(Offer.read))
        }
    }

    /// The person takes an offer on. A ladder becomes their ladder and pace, keeping every step
    /// they have practised (hidden, if the offer leaves it out). A programme is kept in their space
    /// and their new sessions follow it.
    public func accept(_ offerID: String, person space: UnlockedSpace, at now: Date) async throws -> Offer {
        guard let found = try await offers(for: space).first(where: { $0.id == offerID }) else { throw PractitionerError.linkNotFound }
        guard let offer = found.offer else { throw PractitionerError.offerNotReadable }
        switch offer {
        case .ladder(let offered):
            var plan = try await Steps.plan(from: store, space: space)
            let practised = Set(try await Steps.practices(from: store, space: space).map(\.stepID))
            plan.ladder = offered.ladder.adopted(keepingFrom: plan.ladder, practised: practised)
            plan.thresholds = offered.thresholds
            try await Steps.change(to: plan, in: store, space: space, at: now)
        case .program(let offered):
            try await Programmes.keep(offered.program, id: ids.next(), offeredBy: found.link.name, in: store, space: space, at: now)
        }
        try await store.removeOffer(offerID, person: space.owner)
        return offer
    }

    /// How many of the practitioner's offers over a link still wait for the person's answer (what
    /// each was, only the person can open).
    public func waitingOffers(over linkID: String, practitioner space: UnlockedSpace) async throws -> Int {
        try await store.waitingOffers(link: linkID, practitioner: space.owner)
    }

    /// The person says no to an offer; nothing of theirs changes.
    public func decline(_ offerID: String, person space: UnlockedSpace) async throws {
        try await store.removeOffer(offerID, person: space.owner)
    }

    private func keyPair(of space: UnlockedSpace) async throws -> ShareKeyPair {
        guard let secrets = try await PractitionerSecrets.load(from: store, space: space) else { throw PractitionerError.notAPractitioner }
        return try ShareKeyPair(raw: secrets.sharePrivateKey)
    }

    static func digest(ofLinkCode code: String) -> String {
        let normalized = code.uppercased().filter { linkCodeAlphabet.contains($0) }
        return Data(SHA256.hash(data: Data(("tend link code v1:" + normalized).utf8))).hexText
    }

    private static func pseudonymContext(_ link: String) -> String { "tend pseudonym v1 " + link }
    static func shareContext(_ link: String) -> String { "tend share v1 " + link }
    private static func offerContext(_ link: String) -> String { "tend offer v1 " + link }
}

extension SharedReport {
    /// The longest period one share may cover: ten years.
    public static let longestPeriodDays = 3_652

    /// Exactly what `contents` needs for `from...to`, from a person's own records, and nothing
    /// more: sessions and check-ins of the period only, notes only when ticked, no cycle.
    public static func gather(
        _ contents: Contents, from: Day, to: Day, in space: UnlockedSpace, store: any Store, program: Program, at now: Date
    ) async throws -> SharedReport {
        // A practitioner's screen draws the whole period, week by week, each time it is opened.
        guard to.number - from.number < longestPeriodDays else { throw PractitionerError.periodTooLong }
        let period = from...to
        let sessions = contents.map || contents.frequency || contents.sessions
            ? try await PracticeService.digests(from: store, in: space)
                .filter { $0.startedAt.map { period.contains(Day($0)) } ?? false }
            : []
        var checkIns: [CheckIn] = []
        if contents.trends || contents.notes || contents.frequency {
            checkIns = try await Journal.checkIns(from: store, space: space).filter { period.contains($0.day) }
            if !contents.notes {
                for index in checkIns.indices { checkIns[index].note = "" }
            }
        }
        let plan = contents.steps ? try await Steps.plan(from: store, space: space) : nil
        let practices = contents.steps
            ? try await Steps.practices(from: store, space: space).filter { period.contains(Day($0.startedAt)) }
            : []
        let followed = Set(sessions.map(\.programID))
        var report = SharedReport(
            from: from, to: to, contents: contents, sessions: sessions, checkIns: checkIns, cycle: nil,
            intake: contents.intake ? try await Intakes.history(in: store, space: space).first?.value.intake : nil,
            stepsPlan: plan, stepPractices: practices, madeAt: now)
        if contents.map, sessions.contains(where: { $0.programID != program.id }) {
            let kept = try await Programmes.kept(from: store, space: space).map(\.program).filter { followed.contains($0.id) && !$0.gates.isEmpty }
            report.followedGates = kept.isEmpty ? nil : kept.map { SharedReport.FollowedGates(programID: $0.id, gates: $0.gates) }
        }
        return report
    }
}
