import Foundation
import TendCore
import TendStore
import TendVault

/// The person's practice reminders: the plan, and — while the calendar feed is on — the secret
/// link it lives at. Sealed like every record; the feed itself is sealed under the link.
public struct Reminders: Codable, Sendable, Equatable {
    public var plan: ReminderPlan
    /// The link's secret while the feed is on; nil when it is off.
    public var feedToken: String?

    public static let kind = RecordKind<Reminders>("reminders")

    /// One reminders record per space.
    public static func recordID(for space: UnlockedSpace) -> String { "reminders-\(space.owner.rawValue)" }

    public static func load(from store: any Store, space: UnlockedSpace) async throws -> Reminders? {
        try await store.record(kind, id: recordID(for: space), in: space)
    }

    /// Saves the plan and publishes its feed, keeping the link the calendar already knows unless a
    /// new one is asked for (the old one then stops working).
    @discardableResult
    public static func publish(_ plan: ReminderPlan, newLink: Bool = false, in store: any Store, space: UnlockedSpace) async throws -> Reminders {
        let existing = newLink ? nil : try await load(from: store, space: space)?.feedToken.flatMap(FeedCapability.init(token:))
        let capability = existing ?? FeedCapability.random()
        let reminders = Reminders(plan: plan, feedToken: capability.token)
        // The record first: if publishing then fails, the page still shows the link, and saving again publishes it.
        try await save(reminders, in: store, space: space)
        try await store.publishCalendarFeed(try capability.seal(plan, owner: space.owner), lookup: capability.lookup, owner: space.owner)
        return reminders
    }

    public static func save(_ reminders: Reminders, in store: any Store, space: UnlockedSpace) async throws {
        try await store.save(reminders, id: recordID(for: space), kind: kind, createdAt: reminders.plan.savedAt, in: space)
    }

    /// Moves graded practice's entries in the feed to the person's next suggested day, if they
    /// asked for them and the feed is on. Called after each practice and change of pace.
    public static func followSteps(in store: any Store, space: UnlockedSpace, at now: Date) async throws {
        guard let reminders = try await load(from: store, space: space), reminders.feedToken != nil,
            reminders.plan.stepsRhythm != nil
        else { return }
        var plan = reminders.plan
        plan.stepsRhythm = try await Steps.rhythm(from: store, space: space, at: now)
        guard plan != reminders.plan else { return }
        try await publish(plan, in: store, space: space)
    }

    /// Keeps the plan but stops the feed: its link opens nothing any more.
    public static func turnOff(in store: any Store, space: UnlockedSpace) async throws {
        try await store.withdrawCalendarFeed(owner: space.owner)
        guard let existing = try await load(from: store, space: space) else { return }
        try await save(Reminders(plan: existing.plan, feedToken: nil), in: store, space: space)
    }

    /// The calendar a feed link opens, or nil when the link is not (or no longer) active.
    public static func calendar(token: String, in store: any Store) async throws -> String? {
        guard let capability = FeedCapability(token: token), let feed = try await store.calendarFeed(lookup: capability.lookup),
            let plan = try? capability.open(ReminderPlan.self, from: feed.sealed, owner: feed.owner)
        else { return nil }
        return plan.calendar(uid: "\(capability.lookup.prefix(32))@tend")
    }
}
