import Foundation
import Testing

@testable import TendCore

@Suite("Pain is always answered")
struct PainAnswerTests {
    // MARK: - One rule for ratings, signals and check-ins

    @Test(
        arguments: [
            (nil, nil), (0, nil), (3, nil), (4, PainAnswer.easeOff), (6, .easeOff), (7, .stop), (10, .stop),
        ] as [(Int?, PainAnswer?)])
    func aPointRatingIsAnsweredFromFour(pain: Int?, expected: PainAnswer?) {
        #expect(PainAnswer(rating: pain) == expected)
    }

    @Test(arguments: [(1, nil), (2, nil), (3, PainAnswer.easeOff), (4, .easeOff), (5, .stop)] as [(Int, PainAnswer?)])
    func aSignalIsAnsweredFromThreeAndTheTopMeansStop(level: Int, expected: PainAnswer?) {
        #expect(PainAnswer(signal: level) == expected)
    }

    @Test(arguments: [(3, nil), (4, PainAnswer.easeOff), (6, .easeOff), (7, .stop)] as [(Int, PainAnswer?)])
    func aCheckInIsAnsweredAtItsStrongestPain(strongest: Int, expected: PainAnswer?) {
        // Given a day when a finger hurt a little and a tampon hurt `strongest`, anxiety high
        let checkIn = CheckIn(
            day: Day("2026-03-01")!,
            tried: [.finger: Experience(anxiety: 9, pain: 1), .tampon: Experience(anxiety: 9, pain: strongest)])

        #expect(PainAnswer(checkIn: checkIn) == expected)
    }

    @Test func aCheckInWithNoPainToldIsNotAnswered() {
        let checkIn = CheckIn(
            day: Day("2026-03-01")!, bodyTension: 9, tried: [.finger: Experience(anxiety: 8, pain: nil)])

        #expect(PainAnswer(checkIn: checkIn) == nil)
    }

    // MARK: - The words

    @Test(arguments: PainAnswer.allCases, Participant.allCases)
    func theAnswerSpeaksToEachAudienceInWordsForAnyone(answer: PainAnswer, audience: Participant) {
        let words = answer.words(to: audience)
        let tokens = Program.words(of: words)

        #expect(!words.isEmpty)
        #expect(!tokens.contains(where: Program.genderedWords.contains))
        if audience == .alone {
            let joined = " " + tokens.joined(separator: " ") + " "
            #expect(!Program.partnerWords.contains { joined.contains(" \($0) ") }, "\(words)")
        }
        #expect(!words.lowercased().contains("next point"))
    }

    @Test func theAnswersAreDistinctAndTheGiverIsToldToStop() {
        let all = PainAnswer.allCases.flatMap { answer in Participant.allCases.map { answer.words(to: $0) } }

        #expect(Set(all).count == all.count)
        #expect(PainAnswer.stop.words(to: .giver).hasPrefix("Stop and slowly withdraw; stay close."))
        #expect(PainAnswer.easeOff.words(to: .alone).contains("ending for today, is a good choice"))
        #expect(PainAnswer.stop.checkInWords.contains("GP"))
        #expect(PainAnswer.easeOff < PainAnswer.stop)
    }

    // MARK: - Pain that keeps coming back

    static let utc = TimeZone(identifier: "UTC")!
    static let today = Day("2026-03-28")!

    /// A session with one rated point at noon (UTC) on each of `days` before today, at `pain`.
    static func session(daysAgo days: [Int], pain: Int?, id: String = "s") throws -> SessionDigest {
        let visits: [[Any]] = days.enumerated().map { index, ago in
            let time = (today - ago).date.addingTimeInterval(12 * 3_600).timeIntervalSinceReferenceDate
            return [1, index, time, NSNull(), pain.map { $0 as Any } ?? NSNull(), 240]
        }
        let created = (today - (days.max() ?? 0)).date.timeIntervalSinceReferenceDate
        let object: [String: Any] = [
            "shape": 2, "id": id, "programID": "standard", "createdAt": created, "isFinished": true, "activeSeconds": 600, "visits": visits,
        ]
        return try JSONDecoder().decode(SessionDigest.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static func checkIn(daysAgo: Int, pain: Int) -> CheckIn {
        CheckIn(day: today - daysAgo, tried: [.dilator: Experience(anxiety: nil, pain: pain)])
    }

    static func recurring(_ sessions: [SessionDigest], _ checkIns: [CheckIn] = []) -> RecurringPain? {
        RecurringPain(sessions: sessions, checkIns: checkIns, today: today, timeZone: utc)
    }

    @Test func twoDaysOfStrongPainAreNotYetAPattern() throws {
        #expect(Self.recurring([try Self.session(daysAgo: [0, 5], pain: 8)]) == nil)
    }

    @Test func threeDaysOfStrongPainPointToHelp() throws {
        let found = try #require(Self.recurring([try Self.session(daysAgo: [0, 5, 9], pain: 7)]))

        #expect(found.strongDays == 3 && found.painfulDays == 3)
        #expect(found.words.hasPrefix("Strong pain has come up on 3 days in the last four weeks."))
        #expect(found.words.contains("GP") && found.words.contains("pelvic-health physiotherapist"))
        #expect(found.words.contains("report"))
    }

    @Test func strongPainManyTimesInOneDayCountsAsOneDay() throws {
        let sameDay = try Self.session(daysAgo: [2, 2, 2, 2], pain: 9)

        #expect(Self.recurring([sameDay, try Self.session(daysAgo: [4], pain: 9)]) == nil)
    }

    @Test func aSessionAndACheckInOnTheSameDayCountOnce() throws {
        let sessions = [try Self.session(daysAgo: [1, 3], pain: 8)]

        #expect(Self.recurring(sessions, [Self.checkIn(daysAgo: 1, pain: 9)]) == nil)
        #expect(Self.recurring(sessions, [Self.checkIn(daysAgo: 6, pain: 7)])?.strongDays == 3)
    }

    @Test func theWindowIsTwentyEightDaysEndingToday() throws {
        let inside = try Self.session(daysAgo: [0, 1, 27], pain: 8)
        let outside = try Self.session(daysAgo: [0, 1, 28], pain: 8)
        let future = try Self.session(daysAgo: [0, 1, -1], pain: 8)

        #expect(Self.recurring([inside])?.strongDays == 3)
        #expect(Self.recurring([outside]) == nil)
        #expect(Self.recurring([future]) == nil)
    }

    @Test func fiveDaysOfModeratePainAreNotYetAPatternButSixAre() throws {
        #expect(Self.recurring([try Self.session(daysAgo: [0, 2, 4, 6, 8], pain: 4)]) == nil)
        let six = try #require(Self.recurring([try Self.session(daysAgo: [0, 2, 4, 6, 8, 10], pain: 4)]))

        #expect(six.painfulDays == 6 && six.strongDays == 0)
        #expect(six.words.hasPrefix("Pain has come up on 6 days in the last four weeks."))
    }

    @Test func lowPainOnEveryDayIsNotAPattern() throws {
        let everyDay = try Self.session(daysAgo: Array(0..<28), pain: 3)
        let unrated = try Self.session(daysAgo: Array(0..<28), pain: nil)

        #expect(Self.recurring([everyDay, unrated], (0..<28).map { Self.checkIn(daysAgo: $0, pain: 3) }) == nil)
    }

    @Test func aPointIsCountedOnTheDayItWasInTheirTimeZone() throws {
        // Given strong pain at noon UTC on three days; in a zone 13 hours ahead, the earliest is "tomorrow"
        let sessions = [try Self.session(daysAgo: [1, 2, 27], pain: 9)]
        let ahead = TimeZone(secondsFromGMT: 13 * 3_600)!
        let behind = TimeZone(secondsFromGMT: -13 * 3_600)!

        // Then in the zone ahead the day 27 days ago moves to 26 and all three still count
        #expect(RecurringPain(sessions: sessions, checkIns: [], today: Self.today, timeZone: ahead)?.strongDays == 3)
        // And in the zone behind, it moves to 28 days ago, out of the window
        #expect(RecurringPain(sessions: sessions, checkIns: [], today: Self.today, timeZone: behind) == nil)
    }
}
