import Foundation
import Plot
import TendApp
import TendCore

/// Practising one step: anxiety before, a quiet timer that never ends anything, breath and jaw
/// help, the calm answer to pain, and anxiety and pain afterwards.
enum StepPracticePage {
    /// What the page shows.
    struct Model {
        let step: Step
        let thresholds: StepThresholds
        let preferences: Preferences
        /// The person said it hurts: the calm answer comes first.
        let hurts: Bool
        /// What the person entered, kept when the form comes back with a problem.
        var entered: [String: String] = [:]
        var problem: String?
        let chrome: Chrome
    }

    static func render(_ model: Model) -> String {
        let step = model.step
        let practise = SiteRoute.stepPractice(step.id.rawValue).path
        return Layout.page(
            title: step.title, chrome: model.chrome, scripts: [.sessionScript, .practiceScript], room: true,
            .div(
                .class("live-bar"),
                .a(.class("button end"), .href(SiteRoute.steps.path), "End"),
                .a(.class("button pause"), .href(practise + "?hurts=1#calm"), "It hurts")
            ),
            .h1(.text(step.title)),
            .p(.class("hint"), .text(step.summary)),
            .if(model.hurts, .section(
                .id("calm"), .class("card pain-answer"), .attribute(named: "role", value: "alert"),
                .p(.text(PainAnswer.stop.words(to: .alone))),
                .p("Stopping now is a complete practice. If you like, note how it was below; pain above your limit means Tend will suggest a gentler step next time."),
                .p(.a(.class("button primary"), .href(SiteRoute.steps.path), "Rest and end here"))
            )),
            Layout.formError(model.problem),
            .if(!model.hurts && model.problem == nil, .section(
                .class("card"),
                .p("Practising with a partner? Their phone can show this step, a shared timer and your signals, while you stay in charge of every moment."),
                Layout.postButton(to: .stepPartner(step.id.rawValue), label: "Practise with a partner's phone", chrome: model.chrome, class: "quiet")
            )),
            .form(
                .method(.post), .action(practise), .class("stack step-practice"),
                Layout.csrfField(model.chrome),
                .input(.type(.hidden), .name("startedAt"), .value(model.entered["startedAt"] ?? "")),
                chips("anxietyBefore", "Before you begin: how anxious do you feel?", model, ends: ("0 calm", "10 the most you can imagine")),
                during(model),
                chips("anxietyAfter", "Afterwards: how anxious do you feel now?", model, ends: ("0 calm", "10 the most you can imagine")),
                chips("painAfter", "Afterwards: how much did it hurt?", model, ends: ("0 not at all", "10 the worst you can imagine")),
                .label(.for("minutes"), "Minutes practised (if you like)"),
                .input(
                    .type(.number), .name("minutes"), .id("minutes"), .value(model.entered["minutes"] ?? ""),
                    .attribute(named: "min", value: "0"), .attribute(named: "max", value: "\(StepPractice.minuteLimit)")),
                .label(.class("check"), .input(.type(.checkbox), .name("withPartner"), .value("on"), .checked(model.entered["withPartner"] == "on")), " A partner took part"),
                .label(.for("note"), "A note, only for you (optional)"),
                .textarea(.name("note"), .id("note"), .attribute(named: "maxlength", value: "\(StepPractice.noteLimit)"), .text(model.entered["note"] ?? "")),
                .button(.type(.submit), .class("primary"), "Save this practice")
            ),
            .p(.class("hint"), "Warning signs to stop and see a GP: bleeding, burning, or pain that lasts into the next day.")
        )
    }

    /// The quiet timer and the help while practising: breath, jaw, a pacer. Nothing here ends anything.
    private static func during(_ model: Model) -> Node<HTML.FormContext> {
        let nodes: [Node<HTML.BodyContext>] = [
            .attribute(named: "class", value: "card during"),
            .h2("While you practise"),
            .p(.text(model.thresholds.rhythmWords)),
            .p(
                .class("timer"), .id("step-timer"), .attribute(named: "role", value: "timer"),
                .attribute(named: "data-counted", value: "0"), .attribute(named: "data-running", value: "yes"),
                .attribute(named: "data-chime-after", value: "\(model.thresholds.shortestMinutes * 60)"),
                .attribute(named: "data-fills", value: "minutes"), "0:00"),
            .button(
                .type(.button), .class("quiet"), .attribute(named: "data-pauses", value: "step-timer"),
                .attribute(named: "hidden", value: ""), "Pause the timer"),
            .p("Breathe in through your nose and out slowly through your mouth, longer out than in. Let your jaw hang a little loose, teeth apart. Pausing is always fine: take your hand away, rest, and carry on only if you want to."),
            SessionPage.jawCues(model.preferences.jawCues),
            .element(named: "details", nodes: [
                .attribute(named: "class", value: "pacer-panel"),
                .element(named: "summary", text: "Breathe with a pacer"),
                PracticePages.pacer(model.preferences.breath),
            ]),
        ]
        return .element(named: "section", nodes: nodes)
    }

    /// A 0–10 scale as radio chips, one tap each.
    private static func chips(_ name: String, _ legend: String, _ model: Model, ends: (String, String)) -> Node<HTML.FormContext> {
        .element(named: "fieldset", nodes: [
            .attribute(named: "class", value: "chips"),
            .element(named: "legend", text: legend),
            .div(.class("chip-row"), .forEach(Array(ValueLimits.rating)) { value in
                .label(
                    .class("chip"),
                    .input(.type(.radio), .name(name), .value("\(value)"), .required(true), .checked(model.entered[name] == "\(value)")),
                    .span(.text("\(value)")))
            }),
            .p(.class("hint scale-ends"), .span(.text(ends.0)), .span(.text(ends.1))),
        ])
    }
}
