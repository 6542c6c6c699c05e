import Foundation
import Hummingbird
import TendApp
import TendCore
import TendStore

/// Practice reminders as a private calendar feed, and the feed itself.
struct RemindersController {
    let store: any Store
    let clock: TendClock
    /// Whether Tend serves over TLS (`--lan`), for the feed link's scheme.
    let secure: Bool

    func register(on router: Router<TendRequestContext>) {
        router.get(SiteRoute.reminders.pattern, use: page)
        router.post(SiteRoute.reminders.pattern, use: save)
        router.get(SiteRoute.pattern(SiteRoute.calendarFeed, "token"), use: feed)
    }

    @Sendable func page(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        let reminders = try await Reminders.load(from: store, space: space)
        return render(request, context: context, reminders: reminders, plan: reminders?.plan, problem: nil, status: .ok)
    }

    @Sendable func save(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        var request = request
        let form = try await request.form(context: context)
        if form["action"] == "off" {
            try await Reminders.turnOff(in: store, space: space)
            return redirect(to: .reminders)
        }
        let now = clock.now()
        let time = (form["time"] ?? "").split(separator: ":").compactMap { Int($0) }
        var plan = ReminderPlan(
            title: form["title"] ?? "", weekdays: Weekday.allCases.filter { form["day-\($0.rawValue)"] == "on" },
            hour: time.count == 2 ? time[0] : -1, minute: time.count == 2 ? time[1] : -1, minutes: Int(form["minutes"] ?? "") ?? 0,
            startsOn: Day(now), savedAt: now)
        if form["steps"] == "on" { plan.stepsRhythm = try await Steps.rhythm(from: store, space: space, at: now) }
        if let problem = plan.problem {
            let reminders = try await Reminders.load(from: store, space: space)
            return render(request, context: context, reminders: reminders, plan: plan, problem: problem, status: .badRequest)
        }
        try await Reminders.publish(plan, newLink: form["action"] == "new-link", in: store, space: space)
        return redirect(to: .reminders)
    }

    /// The calendar a subscribed app fetches. No cookie, no unlock: the link's secret opens it.
    @Sendable func feed(_ request: Request, context: TendRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let calendar = try await Reminders.calendar(token: token, in: store) else {
            return Response(
                status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "This calendar link is not active. Turn reminders on again in Tend to get a new one.\n")))
        }
        return Response(
            status: .ok, headers: [.contentType: "text/calendar; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: calendar)))
    }

    private func render(
        _ request: Request, context: TendRequestContext, reminders: Reminders?, plan: ReminderPlan?, problem: String?, status: HTTPResponse.Status
    ) -> Response {
        let link = reminders?.feedToken.map { token in
            "\(secure ? "https" : "http")://\(request.head.authority ?? "127.0.0.1")\(SiteRoute.calendarFeed(token).path)"
        }
        return HTMLPage(RemindersPage.render(plan: plan, feedLink: link, problem: problem, chrome: Chrome(context: context)), status: status).response()
    }
}
