import Foundation

/// Chosen practice times, offered as a private calendar feed: a quiet nudge in the person's own
/// calendar app, with a title that says nothing to anyone glancing at the screen.
public struct ReminderPlan: Codable, Hashable, Sendable {
    public var title: String
    public var weekdays: [Weekday]
    public var hour: Int
    public var minute: Int
    /// How long the calendar entry lasts.
    public var minutes: Int
    /// The first day the reminders may appear.
    public var startsOn: Day
    /// When the plan was last saved (the calendar's own time stamp).
    public var savedAt: Date
    /// Graded practice's rhythm too, if the person asked for it: an entry every few days from the
    /// next suggested day, at the same time and under the same title. Kept up to date as they practise.
    public var stepsRhythm: StepsRhythm?

    /// A suggested day for graded practice, and how many days apart the suggestions come.
    public struct StepsRhythm: Codable, Hashable, Sendable {
        /// The next suggested day.
        public var from: Day
        /// Days between suggestions (``StepThresholds/dayGaps``).
        public var everyDays: Int

        /// A rhythm from `from`, every `everyDays` days.
        public init(from: Day, everyDays: Int) {
            self.from = from
            self.everyDays = everyDays
        }
    }

    public static let defaultTitle = "Quiet time"
    public static let titleLimit = 60
    public static let lengths = [10, 15, 20, 30, 45, 60]

    public init(title: String = defaultTitle, weekdays: [Weekday], hour: Int, minute: Int, minutes: Int = 30, startsOn: Day, savedAt: Date) {
        self.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        self.weekdays = Array(Set(weekdays)).sorted()
        self.hour = hour
        self.minute = minute
        self.minutes = minutes
        self.startsOn = startsOn
        self.savedAt = savedAt
    }

    /// What is wrong with the plan, in words a person can act on; nil when it is fine.
    public var problem: String? { firstProblem?.sentence }

    /// The time of day as the person reads it, e.g. "19:30".
    public var timeText: String { String(format: "%02d:%02d", hour, minute) }

    /// The plan as an iCalendar feed (RFC 5545): one weekly repeating entry, in the device's own
    /// local time, so it stays at the chosen hour wherever the calendar is.
    public func calendar(uid: String) -> String {
        let first = (0..<7).map { startsOn + $0 }.first { weekdays.contains(Weekday(of: $0)) } ?? startsOn
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: savedAt)
        let stamp = String(
            format: "%04d%02d%02dT%02d%02d%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        let time = String(format: "%02d%02d00", hour, minute)
        let steps = stepsRhythm.map { rhythm in
            [
                "BEGIN:VEVENT",
                "UID:steps-\(uid)",
                "DTSTAMP:\(stamp)",
                "DTSTART:\(rhythm.from.description.replacingOccurrences(of: "-", with: ""))T\(time)",
                "DURATION:PT\(minutes)M",
                "RRULE:FREQ=DAILY;INTERVAL=\(rhythm.everyDays)",
                "SUMMARY:\(Self.escaped(title))",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        } ?? []
        let lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Tend//Practice reminders//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:\(Self.escaped(title))",
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
            "X-PUBLISHED-TTL:PT12H",
            "BEGIN:VEVENT",
            "UID:\(uid)",
            "DTSTAMP:\(stamp)",
            "DTSTART:\(first.description.replacingOccurrences(of: "-", with: ""))T\(time)",
            "DURATION:PT\(minutes)M",
            "RRULE:FREQ=WEEKLY;BYDAY=\(weekdays.map(\.calendarCode).joined(separator: ","))",
            "SUMMARY:\(Self.escaped(title))",
            "TRANSP:OPAQUE",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:\(Self.escaped(title))",
            "TRIGGER:PT0M",
            "END:VALARM",
            "END:VEVENT",
        ] + steps + ["END:VCALENDAR"]
        return lines.map(Self.folded).joined(separator: "\r\n") + "\r\n"
    }

    /// Text values escape backslashes, semicolons, commas and line breaks.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines longer than 75 bytes continue on the next line after a space, never splitting a character.
    static func folded(_ line: String) -> String {
        var pieces: [String] = []
        var current = ""
        var limit = 75
        for character in line {
            if current.utf8.count + String(character).utf8.count > limit {
                pieces.append(current)
                current = ""
                limit = 74  // the leading space of a continuation counts
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }
}

extension ReminderPlan: Validatable {
    /// Days, a time of day, a length and a one-line title Tend offers, and a real save time.
    public func validate() throws(ValueProblem) {
        let timeOfDay = "Please choose a time of day, like 19:30."
        if weekdays.isEmpty { throw ValueProblem("weekdays", sentence: "Please choose at least one day.") }
        if !(0...23).contains(hour) { throw ValueProblem("hour", sentence: timeOfDay) }
        if !(0...59).contains(minute) { throw ValueProblem("minute", sentence: timeOfDay) }
        if !Self.lengths.contains(minutes) {
            throw ValueProblem("minutes", sentence: "Please choose how long the calendar entry lasts.")
        }
        if title.isEmpty {
            throw ValueProblem(
                "title", sentence: "Please give the entry a title; something that means nothing to others works well.")
        }
        if title.count > Self.titleLimit {
            throw ValueProblem("title", sentence: "Please keep the title to \(Self.titleLimit) characters or fewer.")
        }
        if title.contains(where: { $0.isNewline || ($0.asciiValue.map { $0 < 32 } ?? false) }) {
            throw ValueProblem("title", sentence: "Please keep the title on one line.")
        }
        try Check.moment(savedAt, at: "savedAt", "the time a plan was saved")
        if let stepsRhythm, !StepThresholds.dayGaps.contains(stepsRhythm.everyDays) {
            throw ValueProblem("stepsRhythm", "everyDays", sentence: "Practice can be suggested every 1 to 14 days.")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        weekdays = try container.decode([Weekday].self, forKey: .weekdays)
        hour = try container.decode(Int.self, forKey: .hour)
        minute = try container.decode(Int.self, forKey: .minute)
        minutes = try container.decode(Int.self, forKey: .minutes)
        startsOn = try container.decode(Day.self, forKey: .startsOn)
        savedAt = try container.decode(Date.self, forKey: .savedAt)
        stepsRhythm = try container.decodeIfPresent(StepsRhythm.self, forKey: .stepsRhythm)
        try validate(decodedBy: decoder)
    }
}
