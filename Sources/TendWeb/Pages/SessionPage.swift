import Foundation
import Plot
import TendApp
import TendCore

/// The live page of a session in progress: one position at a time, End always at the top.
enum SessionPage {
    struct Model {
        let session: PracticeSession
        let program: Program
        let now: Date
        let chrome: Chrome
        /// A message when the last event could not be applied.
        let notice: String?
        /// The person's breath pace and jaw reminders.
        let preferences: Preferences
        /// A calm line answering the pain just rated here, if it calls for one.
        var painAnswer: String? = nil
    }

    static func render(_ model: Model) -> String {
        let session = model.session
        let position = session.position ?? model.program.firstPosition
        return Layout.page(
            title: model.program.describe(position), chrome: model.chrome, bodyClass: "live", scripts: [.sessionScript, .practiceScript],
            room: true,
            .div(
                .class("live-bar"),
                eventButton(.end, label: "End", model: model, class: "end"),
                session.isPaused
                    ? eventButton(.resume, label: "Resume", model: model, class: "pause")
                    : eventButton(.pause, label: "Pause", model: model, class: "pause")
            ),
            Layout.formError(model.notice),
            .if(session.isPaused, .p(.class("paused-note"), .attribute(named: "role", value: "status"),
                "Paused. The clock has stopped. Take all the time you need.")),
            content(for: position, model: model),
            jawCues(model.preferences.jawCues),
            .if(position != .phase(.close), .element(named: "details", nodes: [
                .attribute(named: "class", value: "pacer-panel"),
                .element(named: "summary", text: "Breathe with a pacer"),
                PracticePages.pacer(model.preferences.breath),
            ]))
        )
    }

    /// Where jaw reminders appear, if the person chose them; the script shows each in turn.
    static func jawCues(_ cues: JawCues) -> Node<HTML.BodyContext> {
        guard let minutes = cues.intervalMinutes else { return .empty }
        let phrases = (try? JSONEncoder().encode(JawCues.phrases)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return .p(
            .class("jaw-cue"), .attribute(named: "role", value: "status"),
            .attribute(named: "data-interval", value: "\(minutes * 60)"),
            .attribute(named: "data-phrases", value: attributeText(phrases))
        )
    }

    // MARK: - One position

    private static func content(for position: Position, model: Model) -> Node<HTML.BodyContext> {
        let program = model.program
        switch position {
        case .phase(.setUp):
            return .group(
                heading(.setUp, program: program),
                .ul(.class("checklist"),
                    .forEach(["The room is warm", "Pillows or a blanket for support", "Lubricant within reach", "Phone on silent, this page open"]) {
                        .li(.label(.class("check"), .input(.type(.checkbox)), .text(" \($0)")))
                    }),
                actions(onward(from: position, model: model, class: "primary"))
            )
        case .phase(.warmUp):
            return .group(
                heading(.warmUp, program: program),
                timer(model, suggestedSeconds: program.warmUp.suggestedMinutes * 60,
                    caption: program.text(.warmUpCaption, for: .alone)),
                actions(
                    onward(from: position, model: model, class: "primary"),
                    restAndClose(model, label: "Rest and close for today", from: position)
                )
            )
        case .phase(.fullHandHolding):
            return .group(
                heading(.fullHandHolding, program: program),
                timer(model, suggestedSeconds: nil, caption: program.text(.fullHandCaption, for: .alone)),
                actions(
                    restAndClose(model, label: "Rest and close for today", from: position),
                    onward(from: position, model: model)
                )
            )
        case .phase(.entranceHolding):
            return .group(
                heading(.entranceHolding, program: program),
                timer(model, suggestedSeconds: nil, caption: program.text(.entranceCaption, for: .alone)),
                actions(
                    restAndClose(model, label: "Not invited today — rest and close", from: position),
                    onward(from: position, model: model)
                )
            )
        case .point(let gateNumber, let step):
            return clockPoint(gateNumber: gateNumber, step: step, model: model)
        case .checkIn(let gateNumber):
            let hasNextGate = program.gate(gateNumber + 1) != nil
            return .group(
                .h1(.text("A pause after gate \(gateNumber)")),
                .p(.class("guidance"), .text(program.text(.gateCheckIn, for: .alone))),
                actions(
                    eventButton(.enoughForToday, label: "Rest and close for today", model: model, class: "primary"),
                    .if(hasNextGate, eventButton(.next, label: "Go on to gate \(gateNumber + 1)", model: model))
                )
            )
        case .phase(.close), .phase(.clockFace):
            return closeForm(model)
        case .finished:
            return .p("This session is finished.")
        }
    }

    private static func clockPoint(gateNumber: Int, step: Int, model: Model) -> Node<HTML.BodyContext> {
        let program = model.program
        guard let gate = program.gate(gateNumber), gate.sequence.indices.contains(step) else { return .empty }
        let visited = Set(model.session.steps.compactMap { record -> Int? in
            guard case .point(gateNumber, let visitedStep) = record.position, record.leftAt != nil else { return nil }
            return visitedStep
        })
        let hour = gate.sequence[step].hour
        let isReturnToSix = step > 0 && hour == 6
        let current = model.session.steps.last
        let painAnswer = model.painAnswer
        let onward = eventButton(.next, label: step + 1 < gate.sequence.count ? "Next point" : "Finish this gate", model: model)
        return .group(
            .h1(.text("Gate \(gateNumber) · \(hour) o'clock")),
            .p(.class("depth"), .text(gate.depth)),
            .unwrap(painAnswer) {
                .div(.class("pain-answer"), .attribute(named: "role", value: "alert"), .p(.text($0)),
                    .p(.a(.href(SiteRoute.article("after-practice").path), "When pain lasts: what is normal, and when to get care")))
            },
            .div(
                .class("point-row"),
                .raw(ClockFaceSVG.render(gate: gate, currentStep: step, visitedSteps: visited, size: 150)),
                timer(model, suggestedSeconds: program.dwell.minMinutes * 60, caption: program.text(.dwellCaption, for: .alone))
            ),
            .if((current?.extensions ?? 0) > 0, .p(.class("stayed"), .attribute(named: "role", value: "status"),
                "Staying longer here. Take all the time you like.")),
            .p(.class("guidance"), .text(isReturnToSix
                ? program.text(.returnToSix, for: .alone) : program.text(.pointPress, for: .alone, hour: hour))),
            painAnswer == nil
                ? actions(
                    onward,
                    eventButton(.stayLonger, label: "Stay longer", model: model),
                    eventButton(.enoughForToday, label: "Rest and close for today", model: model))
                : actions(
                    eventButton(.next, label: "Leave this point for today", model: model, class: "primary"),
                    eventButton(.enoughForToday, label: "Enough for today", model: model),
                    eventButton(.pause, label: "Pause and rest", model: model)),
            ratingChips(model)
        )
    }

    private static func closeForm(_ model: Model) -> Node<HTML.BodyContext> {
        let reflection = model.session.reflection
        return .group(
            heading(.close, program: model.program),
            .form(
                .method(.post), .action(SiteRoute.sessionEvents(model.session.id).path), .class("stack"),
                Layout.csrfField(model.chrome),
                .input(.type(.hidden), .name("version"), .value("\(model.session.version)")),
                .input(.type(.hidden), .name("intent"), .value(IntentName.end.rawValue)),
                .label(.for("howItFelt"), "How did it feel?"),
                .textarea(.name("howItFelt"), .id("howItFelt"), .attribute(named: "rows", value: "3"), .text(reflection?.howItFelt ?? "")),
                .label(.for("emotions"), "Feelings that came up (optional, separated by commas)"),
                .input(.type(.text), .name("emotions"), .id("emotions"), .value(attributeText(reflection?.emotions.joined(separator: ", ") ?? ""))),
                .label(.for("note"), "Anything else to remember (optional)"),
                .textarea(.name("note"), .id("note"), .attribute(named: "rows", value: "3"), .text(reflection?.note ?? "")),
                .button(.type(.submit), .class("primary"), "Save and finish")
            ),
            .p(.class("hint"), "Strong feelings, tears or tiredness after a session are common and normal. Be gentle with yourself today.")
        )
    }

    // MARK: - Pieces

    private static func heading(_ phase: Phase, program: Program) -> Node<HTML.BodyContext> {
        let guide = program.guide(for: phase, audience: .alone)
        return .group(.h1(.text(guide?.title ?? "")), .p(.class("guidance"), .text(guide?.guidance ?? "")))
    }

    private static func actions(_ buttons: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        .div(.class("actions"), .group(buttons))
    }

    /// A counting-up timer: the server states what is counted; the script keeps it ticking.
    private static func timer(_ model: Model, suggestedSeconds: Int?, caption: String) -> Node<HTML.BodyContext> {
        guard let step = model.session.steps.last else { return .empty }
        let counted = step.activeSeconds(at: model.now)
        return .div(
            .class("timer-block"),
            .p(
                .class("timer"),
                .attribute(named: "data-counted", value: String(format: "%.3f", counted)),
                .attribute(named: "data-running", value: step.runningSince == nil ? "no" : "yes"),
                .attribute(named: "data-server-now", value: String(Int64(model.now.timeIntervalSince1970 * 1000))),
                .unwrap(suggestedSeconds) { .attribute(named: "data-chime-after", value: "\($0)") },
                .attribute(named: "aria-live", value: "off"),
                .text(clockText(counted))
            ),
            .p(.class("hint"), .text(caption))
        )
    }

    private static func clockText(_ seconds: TimeInterval) -> String {
        let total = Int(seconds)
        return String(format: "%d:%02d", total / 60, total % 60)
    }

    /// Tension and pain as 0–10 chips, in view, one tap each; each tap keeps the other scale's
    /// latest value, so a point's rating is always whole.
    private static func ratingChips(_ model: Model) -> Node<HTML.BodyContext> {
        let latest = model.session.steps.last?.ratings.last
        func scale(_ name: String, _ legend: String, chosen: Int?, other: (String, Int?)) -> Node<HTML.BodyContext> {
            .form(
                .method(.post), .action(SiteRoute.sessionEvents(model.session.id).path), .class("chips"),
                Layout.csrfField(model.chrome),
                .input(.type(.hidden), .name("version"), .value("\(model.session.version)")),
                .input(.type(.hidden), .name("intent"), .value("rate")),
                .input(.type(.hidden), .name(other.0), .value(other.1.map(String.init) ?? "")),
                Layout.fieldset(
                    legend,
                    .div(.class("chip-row"), .forEach(Array(ValueLimits.rating)) { value in
                        .button(
                            .type(.submit), .name(name), .value("\(value)"),
                            .class(value == chosen ? "chip chosen" : "chip"),
                            .attribute(named: "aria-pressed", value: value == chosen ? "true" : "false"),
                            .text("\(value)"))
                    }),
                    .p(.class("hint scale-ends"), .span("0 none"), .span("10 worst you can imagine"))
                )
            )
        }
        return .section(
            .class("rating"), .attribute(named: "aria-label", value: "How this point feels"),
            scale("tension", "Tension here", chosen: latest?.tension, other: ("pain", latest?.pain)),
            scale("pain", "Pain here", chosen: latest?.pain, other: ("tension", latest?.tension))
        )
    }

    /// A way to rest and close, as easy to reach as the way on.
    /// Resting and closing early: offered wherever the way on is not itself the close.
    private static func restAndClose(_ model: Model, label: String, from position: Position) -> Node<HTML.BodyContext> {
        model.program.position(after: position) == .phase(.close) ? .empty : eventButton(.enoughForToday, label: label, model: model)
    }

    /// The way on, named by where it leads in this session's programme (a practitioner's may leave parts out).
    private static func onward(from position: Position, model: Model, class className: String = "") -> Node<HTML.BodyContext> {
        let label =
            switch model.program.position(after: position) {
            case .phase(.warmUp): "Begin the warm-up"
            case .phase(.fullHandHolding): "Go on to holding"
            case .phase(.entranceHolding): "Go on to the entrance"
            case .phase(.clockFace), .point, .checkIn: "Go on to the clock face"
            case .phase(.setUp): "Begin"
            case .phase(.close), .finished: "Go on to rest and close"
            }
        return eventButton(.next, label: label, model: model, class: className)
    }

    /// A big one-tap button that sends one intent.
    static func eventButton(_ intent: IntentName, label: String, model: Model, class className: String = "") -> Node<HTML.BodyContext> {
        .form(
            .class("inline"), .method(.post), .action(SiteRoute.sessionEvents(model.session.id).path),
            Layout.csrfField(model.chrome),
            .input(.type(.hidden), .name("version"), .value("\(model.session.version)")),
            .input(.type(.hidden), .name("intent"), .value(intent.rawValue)),
            .button(.type(.submit), .class(className), .attribute(named: "data-intent", value: intent.rawValue), .text(label))
        )
    }
}
