import Foundation
import Testing

@testable import TendCore

@Suite("Practice reminders as a calendar")
struct ReminderPlanTests {
    // 2026-11-25 was a Wednesday.
    static let wednesday = Day("2026-11-25")!
    static let savedAt = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func weekdaysFollowTheCalendar() {
        #expect(Weekday(of: Day("1970-01-01")!) == .thursday)
        #expect(Weekday(of: Self.wednesday) == .wednesday)
        #expect(Weekday(of: Self.wednesday + 4) == .sunday)
        #expect(Weekday(of: Self.wednesday + 5) == .monday)
        #expect(Weekday(of: Day("1969-12-29")!) == .monday)
    }

    @Test func theFeedIsOneWeeklyEntryAtTheChosenLocalTime() {
        let plan = ReminderPlan(weekdays: [.friday, .monday, .monday], hour: 7, minute: 5, minutes: 20, startsOn: Self.wednesday, savedAt: Self.savedAt)
        #expect(plan.weekdays == [.monday, .friday])
        #expect(plan.problem == nil)
        let text = plan.calendar(uid: "abc@tend")
        #expect(text.hasSuffix("\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        #expect(!lines.contains { $0.contains("\n") })
        // The first occurrence is the first chosen day on or after the start: Friday the 27th.
        #expect(lines.contains("DTSTART:20261127T070500"))
        #expect(lines.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,FR"))
        #expect(lines.contains("DURATION:PT20M"))
        #expect(lines.contains("SUMMARY:Quiet time"))
        #expect(lines.contains("UID:abc@tend"))
        #expect(lines.contains("DTSTAMP:20261118T110640Z"))
        #expect(lines.filter { $0.hasPrefix("BEGIN:VEVENT") }.count == 1)
    }

    @Test func stepsRhythmIsAnEntryEveryFewDaysFromTheNextSuggestedDay() throws {
        var plan = ReminderPlan(weekdays: [.monday], hour: 19, minute: 30, startsOn: Self.wednesday, savedAt: Self.savedAt)
        #expect(!plan.calendar(uid: "abc@tend").contains("FREQ=DAILY"))
        plan.stepsRhythm = .init(from: Self.wednesday + 2, everyDays: 3)
        let lines = plan.calendar(uid: "abc@tend").components(separatedBy: "\r\n")
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 2)
        #expect(lines.contains("UID:steps-abc@tend"))
        #expect(lines.contains("DTSTART:20261127T193000"))
        #expect(lines.contains("RRULE:FREQ=DAILY;INTERVAL=3"))
        #expect(lines.filter { $0 == "SUMMARY:Quiet time" }.count == 2)  // the same neutral title
        plan.stepsRhythm?.everyDays = 0
        #expect(plan.firstProblem?.path == "stepsRhythm.everyDays")
        let encoded = try JSONEncoder().encode(plan)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReminderPlan.self, from: encoded) }
    }

    @Test func titlesAreEscapedAndLongLinesFolded() {
        var plan = ReminderPlan(title: "Tea; then, a pause\\", weekdays: [.sunday], hour: 21, minute: 0, startsOn: Self.wednesday, savedAt: Self.savedAt)
        #expect(plan.calendar(uid: "u").contains("SUMMARY:Tea\\; then\\, a pause\\\\\r\n"))
        plan.title = String(repeating: "é", count: 60)
        #expect(plan.problem == nil)
        let lines = plan.calendar(uid: "u").components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        // Unfolding (dropping each CRLF + space) gives the title back whole.
        let unfolded = plan.calendar(uid: "u").replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:\(plan.title)\r\n"))
    }

    @Test func plansTendWouldNotKeepSayWhy() {
        func problem(_ change: (inout ReminderPlan) -> Void) -> String? {
            var plan = ReminderPlan(weekdays: [.monday], hour: 19, minute: 30, startsOn: Self.wednesday, savedAt: Self.savedAt)
            change(&plan)
            return plan.problem
        }
        #expect(problem { _ in } == nil)
        #expect(problem { $0.weekdays = [] } == "Please choose at least one day.")
        #expect(problem { $0.hour = 24 }?.contains("time of day") == true)
        #expect(problem { $0.minute = -1 }?.contains("time of day") == true)
        #expect(problem { $0.minutes = 7 }?.contains("how long") == true)
        #expect(problem { $0.title = "" }?.contains("title") == true)
        #expect(problem { $0.title = String(repeating: "a", count: 61) }?.contains("60 characters") == true)
        #expect(problem { $0.title = "two\nlines" }?.contains("one line") == true)
    }
}
