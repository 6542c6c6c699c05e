import Foundation
import TendCore
import ZIPFoundation

/// One table of an export, written as CSV (RFC 4180: comma-separated, CRLF line ends, fields
/// quoted when they hold a comma, quote or line break).
public struct CSVTable: Equatable, Sendable {
    public let name: String
    public let header: [String]
    public var rows: [[String]] = []

    public var text: String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    public static func field(_ value: String) -> String {
        // A leading = + - @ (or tab or carriage return) can be read as a formula by spreadsheet
        // programs; a quote-apostrophe keeps it as the plain text the person wrote.
        let guarded = value.first.map { "=+-@\t\r".contains($0) } == true && Double(value) == nil ? "'" + value : value
        guard guarded.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return guarded }
        return "\"" + guarded.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension SpaceExport {
    /// Everything as spreadsheet tables, one per kind of record. The JSON export stays the complete
    /// one (it is the one that imports); these tables are for reading and charting elsewhere.
    public func csvTables(program standard: Program) -> [CSVTable] {
        let shelf = shelf(standard: standard)
        var sessionsTable = CSVTable(
            name: "sessions",
            header: [
                "session", "mode", "started", "last_change", "closing", "active_minutes", "paused_minutes", "points_reached", "deepest_gate",
                "how_it_felt", "feelings", "note", "programme",
            ])
        var steps = CSVTable(
            name: "session-steps",
            header: ["session", "phase", "gate", "clock_point", "entered", "left", "active_seconds", "extra_time_taken"])
        var ratings = CSVTable(name: "point-ratings", header: ["session", "gate", "clock_point", "at", "tension", "pain"])
        var signals = CSVTable(name: "partner-signals", header: ["session", "at", "from", "signal", "pain_level", "gate", "clock_point"])
        for session in sessions {
            let id = session.id.rawValue
            let gates = SessionDigest(session).pointGates
            // Each session's points are named by the programme it followed.
            let program = shelf.program(for: session.programID) ?? standard
            sessionsTable.rows.append([
                id, session.mode.rawValue, Self.time(session.startedAt), Self.time(session.updatedAt), session.closing?.rawValue ?? "",
                Self.number(session.activeSeconds(at: session.updatedAt) / 60), Self.number(session.pausedSeconds / 60),
                "\(gates.count)", gates.max().map(String.init) ?? "",
                session.reflection?.howItFelt ?? "", session.reflection?.emotions.joined(separator: "; ") ?? "", session.reflection?.note ?? "",
                program.name,
            ])
            for step in session.steps {
                let place = Self.place(step.position, program: program)
                steps.rows.append([
                    id, step.position.phase?.rawValue ?? "finished", place.gate, place.hour, Self.time(step.enteredAt), Self.time(step.leftAt),
                    Self.number(step.activeSeconds(at: step.leftAt ?? session.updatedAt)), "\(step.extensions)",
                ])
                for rating in step.ratings {
                    ratings.rows.append([id, place.gate, place.hour, Self.time(rating.at), Self.number(rating.tension), Self.number(rating.pain)])
                }
            }
            for record in session.signals {
                let place = record.position.map { Self.place($0, program: program) } ?? (gate: "", hour: "")
                signals.rows.append([id, Self.time(record.at), record.by.rawValue, record.signal.name.rawValue, record.signal.painLevel.map(String.init) ?? "", place.gate, place.hour])
            }
        }

        var checkInsTable = CSVTable(
            name: "check-ins",
            header: ["day", "body_tension", "mood"] + PenetrationType.allCases.flatMap { ["\($0.rawValue)_anxiety", "\($0.rawValue)_pain"] } + ["note"])
        for checkIn in checkIns {
            checkInsTable.rows.append(
                ["\(checkIn.day)", Self.number(checkIn.bodyTension), checkIn.mood?.rawValue ?? ""]
                    + PenetrationType.allCases.flatMap { [Self.number(checkIn.tried[$0]?.anxiety), Self.number(checkIn.tried[$0]?.pain)] }
                    + [checkIn.note])
        }

        var periods = CSVTable(name: "period-starts", header: ["day"])
        periods.rows = (cycle?.periodStarts ?? []).map { ["\($0)"] }

        var intakesTable = CSVTable(
            name: "self-assessments",
            header: ["taken", "extent", "onset", "onset_in_own_words", "situations", "contributors"]
                + PenetrationType.allCases.flatMap { ["\($0.rawValue)_anxiety", "\($0.rawValue)_pain"] })
        for entry in intakes {
            let intake = entry.value.intake
            intakesTable.rows.append(
                [Self.time(entry.value.takenAt), intake.extent.rawValue, intake.onset.rawValue, intake.onsetDescription,
                 intake.situations.joined(separator: "; "), intake.contributors.joined(separator: "; ")]
                    + PenetrationType.allCases.flatMap { [Self.number(intake.experiences[$0]?.anxiety), Self.number(intake.experiences[$0]?.pain)] })
        }

        var agreementsTable = CSVTable(
            name: "agreements",
            header: ["saved", "minutes", "positions", "pause_signal", "hold_still_signal", "end_signal", "how_the_giver_helps", "feedback", "anything_else", "not_foreplay_agreed"])
        for entry in agreements {
            let agreement = entry.value.agreement
            agreementsTable.rows.append([
                Self.time(entry.value.savedAt), "\(agreement.durationMinutes)", agreement.positions, agreement.pauseSignal, agreement.holdStillSignal,
                agreement.endSignal, agreement.giverHelp, agreement.feedbackStyle.rawValue, agreement.anythingElse, agreement.notForeplayAgreed ? "yes" : "no",
            ])
        }

        var settings = CSVTable(name: "settings", header: ["setting", "value"])
        if let cycle {
            settings.rows += [["life_stage", cycle.lifeStage.rawValue], ["contraception", cycle.contraception.rawValue]]
        }
        if let preferences {
            settings.rows += [
                ["breath_in_seconds", Self.number(preferences.breath.inhaleSeconds)], ["breath_out_seconds", Self.number(preferences.breath.exhaleSeconds)],
                ["breath_hum_cue", preferences.breath.humCue ? "yes" : "no"],
                ["jaw_reminder_minutes", preferences.jawCues.intervalMinutes.map(String.init) ?? "off"],
            ]
        }
        if let reminders {
            settings.rows += [
                ["reminder_days", reminders.plan.weekdays.map(\.label).joined(separator: "; ")], ["reminder_time", reminders.plan.timeText],
                ["reminder_minutes", "\(reminders.plan.minutes)"], ["reminder_title", reminders.plan.title],
                ["reminder_calendar_link", reminders.calendarFeed ? "on" : "off"],
            ]
        }
        return [sessionsTable, steps, ratings, signals, checkInsTable, periods, intakesTable, agreementsTable, settings] + stepTables()
    }

    /// The ladder (in the person's order) and every practice of a step.
    private func stepTables() -> [CSVTable] {
        let ladder = stepsPlan.ladder
        var ladderTable = CSVTable(name: "steps", header: ["step", "order", "title", "kind", "diameter_mm", "hidden", "where_i_am"])
        for (index, step) in ladder.steps.enumerated() {
            var width = ""
            if case .dilator(let diameter) = step.kind { width = "\(diameter)" }
            ladderTable.rows.append([
                step.id.rawValue, "\(index + 1)", step.title, step.kind.name.rawValue, width, step.isHidden ? "yes" : "no",
                step.id == ladder.current?.id ? "yes" : "",
            ])
        }
        var practices = CSVTable(
            name: "step-practices",
            header: ["step", "title", "started", "minutes", "anxiety_before", "anxiety_after", "pain_after", "with_partner", "note"])
        for practice in stepPractices ?? [] {
            practices.rows.append([
                practice.stepID.rawValue, ladder.step(practice.stepID)?.title ?? "", Self.time(practice.startedAt),
                Self.number(practice.minutes), "\(practice.anxietyBefore)", "\(practice.anxietyAfter)", "\(practice.painAfter)",
                practice.withPartner ? "yes" : "no", practice.note,
            ])
        }
        return [ladderTable, practices]
    }

    /// The tables as one zip file: `tend-export/NAME.csv` each, deflated.
    public func csvArchive(program: Program) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let stamp = Date(timeIntervalSince1970: 0)
        for table in csvTables(program: program) {
            let bytes = Data(table.text.utf8)
            try archive.addEntry(
                with: "tend-export/\(table.name).csv", type: .file, uncompressedSize: Int64(bytes.count), modificationDate: stamp,
                compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        // An archive made in memory always has its bytes; the optional is for file-backed ones.
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    private static func time(_ date: Date?) -> String { date.map { $0.formatted(timeFormat) } ?? "" }

    private static func number(_ value: Int?) -> String { value.map(String.init) ?? "" }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// The gate and clock hour of a position, blank where it has none.
    private static func place(_ position: Position, program: Program) -> (gate: String, hour: String) {
        switch position {
        case .point(let gate, _): ("\(gate)", program.clockPoint(at: position).map { "\($0.hour)" } ?? "")
        case .checkIn(let gate): ("\(gate)", "")
        case .phase, .finished: ("", "")
        }
    }
}
