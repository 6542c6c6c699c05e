import Foundation

/// Pain that keeps coming back across days. When it is seen, Tend gently points to getting help
/// (a GP or a pelvic-health physiotherapist) and to the report. The rule is in decision 016.
public struct RecurringPain: Hashable, Sendable {
    /// Days in the window with strong pain (answered with ``PainAnswer/stop``).
    public let strongDays: Int
    /// Days in the window with pain answered at all, strong days included.
    public let painfulDays: Int

    /// How many days are looked at, ending with today.
    public static let windowDays = 28
    /// Days of strong pain in the window that lead to help.
    public static let strongDaysForHelp = 3
    /// Days of any answered pain in the window that lead to help.
    public static let painfulDaysForHelp = 6

    /// Pain over the four weeks ending `today`, from clock-point ratings and check-ins; nil when it
    /// has not kept coming back. A day counts once, at the strongest pain told that day.
    public init?(sessions: [SessionDigest], checkIns: [CheckIn], today: Day, timeZone: TimeZone = .current) {
        let window = (today - (Self.windowDays - 1))...today
        var strongest: [Day: PainAnswer] = [:]
        func note(_ answer: PainAnswer?, on day: Day) {
            guard let answer, window.contains(day) else { return }
            strongest[day] = max(strongest[day] ?? answer, answer)
        }
        for session in sessions {
            for visit in session.visits {
                note(PainAnswer(rating: visit.pain), on: Day(visit.enteredAt, in: timeZone))
            }
        }
        for checkIn in checkIns {
            note(PainAnswer(checkIn: checkIn), on: checkIn.day)
        }
        let strongDays = strongest.values.count { $0 == .stop }
        guard strongDays >= Self.strongDaysForHelp || strongest.count >= Self.painfulDaysForHelp else { return nil }
        self.strongDays = strongDays
        self.painfulDays = strongest.count
    }

    /// A gentle paragraph pointing to help and to the report.
    public var words: String {
        let told = strongDays >= Self.strongDaysForHelp ? "Strong pain has" : "Pain has"
        let days = strongDays >= Self.strongDaysForHelp ? strongDays : painfulDays
        return "\(told) come up on \(days) days in the last four weeks. That deserves a kind look from someone "
            + "who knows: a GP or a pelvic-health physiotherapist can check for causes that are easy to treat, "
            + "and help with the practice. The report gathers your notes to take with you."
    }
}
