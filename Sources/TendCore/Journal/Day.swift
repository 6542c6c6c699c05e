import Foundation

/// A calendar day as a person lives it: no time of day, no time zone. Written `yyyy-MM-dd`.
public struct Day: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let number: Int

    public init(number: Int) {
        self.number = number
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone = .current) {
        let seconds = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        // A time far outside any calendar (or not a number) is held at the edge, never trapped on.
        let days = (seconds / 86_400).rounded(.down)
        self.number = days.isNaN ? 0 : Int(min(max(days, -Self.farthest), Self.farthest))
    }

    /// Reads `yyyy-MM-dd`; nil for anything else, including dates that do not exist.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...Self.length(ofMonth: month, year: year)).contains(day)
        else { return nil }
        self.number = Self.number(year: year, month: month, day: day)
    }

    /// The most days from 1970 a day made from a time may be: well past the years 1 and 9999.
    static let farthest = 10_000_000.0

    /// Midnight at the start of this day, UTC.
    public var date: Date { Date(timeIntervalSince1970: Double(number) * 86_400) }

    public var description: String {
        let (year, month, day) = civil
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }
    public static func + (day: Day, days: Int) -> Day { Day(number: day.number + days) }
    public static func - (day: Day, days: Int) -> Day { Day(number: day.number - days) }
    /// Days from `rhs` to `lhs`.
    public static func - (lhs: Day, rhs: Day) -> Int { lhs.number - rhs.number }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a yyyy-MM-dd day: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // Conversions between day numbers and the proleptic Gregorian calendar, after the well-known
    // days-from-civil arithmetic (eras of 400 years, years starting in March).
    private static func number(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private var civil: (year: Int, month: Int, day: Int) {
        let shifted = number + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func length(ofMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A day of the week, Monday first.
public enum Weekday: Int, Codable, Sendable, CaseIterable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public var label: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }

    /// The two letters calendars use (RFC 5545).
    var calendarCode: String { String(label.prefix(2)).uppercased() }

    /// The weekday a calendar day falls on.
    public init(of day: Day) {
        // 1970-01-01 (day 0) was a Thursday, the fourth day of a Monday-first week. The remainder
        // comes first, so no day number can overflow.
        self = Weekday.allCases[(day.number % 7 + 10) % 7]
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
