import Foundation
import Plot
import TendCore

/// A finished session, in full: phases and times, points and ratings, the reflection.
enum SessionSummaryPage {
    static func render(session: PracticeSession, program: Program, chrome: Chrome) -> String {
        let end = session.updatedAt
        let phases = Phase.allCases.filter { phase in session.steps.contains { $0.position.phase == phase } }
        let gates = program.gates.filter { gate in
            session.steps.contains { if case .point(gate.number, _) = $0.position { return true } else { return false } }
        }
        return Layout.page(
            title: "Session of \(HistoryPage.dateText(session.createdAt))", chrome: chrome,
            .h1(.text("Session of \(HistoryPage.dateText(session.createdAt))")),
            .p(.text("\(plainDuration(session.activeSeconds(at: end))) of practice\(session.pausedSeconds > 0 ? ", \(plainDuration(session.pausedSeconds)) paused" : "") · \(closingText(session.closing))")),
            .h2("Phases"),
            .table(
                .tr(.th("Phase"), .th("Time")),
                .forEach(phases) { phase in
                    .tr(.td(.text(program.guide(for: phase, audience: session.mode == .solo ? .alone : .receiver)?.title ?? phase.rawValue)), .td(.text(plainDuration(session.activeSeconds(in: phase, at: end)))))
                }
            ),
            .forEach(gates) { gate in
                .group(
                    .h2(.text("Gate \(gate.number)")),
                    .p(.class("hint"), .text(gate.depth)),
                    .table(
                        .class("points"),
                        .tr(.th("Point"), .th("Time"), .th("Tension"), .th("Pain")),
                        .forEach(session.steps.filter { if case .point(gate.number, _) = $0.position { return true } else { return false } }) { record in
                            .tr(
                                .td(.text(program.clockPoint(at: record.position)?.description ?? "")),
                                .td(.text(plainDuration(record.activeSeconds(at: end)) + (record.extensions > 0 ? " (stayed longer)" : ""))),
                                .td(.text(record.ratings.last?.tension.map(String.init) ?? "—")),
                                .td(.text(record.ratings.last?.pain.map(String.init) ?? "—"))
                            )
                        }
                    )
                )
            },
            .h2("Reflection"),
            .unwrap(session.reflection, { reflection in
                .div(
                    .class("reflection"),
                    .if(!reflection.howItFelt.isEmpty, .p(.strong("How it felt: "), .text(reflection.howItFelt))),
                    .if(!reflection.emotions.isEmpty, .p(.strong("Feelings: "), .text(reflection.emotions.joined(separator: ", ")))),
                    .if(!reflection.note.isEmpty, .p(.strong("Note: "), .text(reflection.note)))
                )
            }, else: .p(.class("hint"), "No reflection was written.")),
            .p(.a(.href(SiteRoute.history.path), "All sessions"))
        )
    }

    static func closingText(_ closing: Closing?) -> String {
        switch closing {
        case .completed: "rested and closed at your own pace"
        case .enoughForToday: "stopped when you chose: a whole session"
        case .ended: "ended when you chose, which is always right"
        case nil: "still open"
        }
    }
}
