import Foundation
import Plot
import TendApp
import TendCore

/// Graded practice: the person's ladder, arranging it, and practising one step.
enum StepsPages {
    /// The ladder, where the person is, what is ready, and at most one gentle suggestion.
    static func overview(_ overview: StepsOverview, library: Library, problem: String?, chrome: Chrome) -> String {
        let ladder = overview.plan.ladder
        let advice = overview.advice
        return Layout.page(
            title: "My steps", chrome: chrome,
            .h1("My steps"),
            .p("Small steps from least to most challenging, in the order that suits you. Practise a step until it feels manageable by your own numbers, and move on only when you want to. Staying, going back and resting are all part of it."),
            Layout.formError(problem),
            .unwrap(advice.suggestion) { suggestion(for: $0, ladder: ladder, library: library, chrome: chrome) },
            .ol(
                .class("ladder"),
                .forEach(ladder.visibleSteps) { step in
                    let status = advice.progress(of: step.id)?.status ?? .notYetTried
                    let isCurrent = step.id == advice.current
                    return .li(
                        .class(isCurrent ? "ladder-step current" : "ladder-step"),
                        .if(isCurrent, .attribute(named: "aria-current", value: "step")),
                        .h2(.text(step.title)),
                        .p(.class("hint"), .text(step.summary)),
                        .p(
                            .span(.class("status status-\(status.rawValue)"), .text(status.label)),
                            .if(isCurrent, .span(.class("you-are-here"), " · You are here"))
                        ),
                        .div(
                            .class("actions"),
                            .a(.class(isCurrent ? "button primary" : "button"), .href(SiteRoute.stepPractice(step.id.rawValue).path), "Practise this step"),
                            .if(!isCurrent, Layout.postButton(
                                to: .stepsArrange, label: "I am on this step", chrome: chrome,
                                fields: [("action", "choose"), ("step", step.id.rawValue)]))
                        )
                    )
                }
            ),
            ladder.visibleSteps.isEmpty
                ? .p(.class("empty"), "Every step is hidden. Show one again, or add your own, when you are ready.")
                : .empty,
            .p(.class("hint"), .text(overview.plan.thresholds.rhythmWords)),
            .unwrap(advice.nextSuggestedDay) { day in
                .p(.class("hint"), .text("A good day for the next practice, if you like: \(JournalPages.dayText(day)). Any other day is fine too."))
            },
            .p(
                .a(.class("button"), .href(SiteRoute.stepsArrange.path), "Arrange my steps"), .text(" "),
                .a(.href(SiteRoute.progress.path), "Progress")
            ),
            .p(.class("hint"), .text("If pain is strong even at the first steps, or lasts into the next day, please see a GP and a pelvic-health physiotherapist: they can check for other causes and guide this practice with you."))
        )
    }

    /// The kind words after a practice, with the way to each choice.
    static func suggestion(
        for suggestion: StepSuggestion, ladder: StepLadder, library: Library, chrome: Chrome
    ) -> Node<HTML.BodyContext> {
        let target: Step? = switch suggestion {
        case .easeBack(let id, _): ladder.step(id)
        case .readyWhenYouAre(let id): ladder.step(id)
        case .rest: nil
        }
        let choose = target.map { step in
            Layout.postButton(
                to: .stepsArrange, label: suggestionButton(suggestion, step: step), chrome: chrome, class: "primary",
                fields: [("action", "choose"), ("step", step.id.rawValue)])
        }
        return .section(
            .class("card suggestion"), .attribute(named: "role", value: "status"),
            .p(.text(suggestion.words)),
            .if(!suggestion.articles.isEmpty, .p(.forEach(suggestion.articles) { slug in
                .group(.a(.href(SiteRoute.article(slug).path), .text(library.article(slug)?.title ?? slug)), .text(" "))
            })),
            .unwrap(choose) { $0 }
        )
    }

    private static func suggestionButton(_ suggestion: StepSuggestion, step: Step) -> String {
        switch suggestion {
        case .easeBack: "Go back to “\(step.title)”"
        case .readyWhenYouAre: "Move on to “\(step.title)”"
        case .rest: ""
        }
    }

    // MARK: - Arranging

    /// Reordering, hiding, renaming and adding steps, and the person's own pace.
    static func arrange(_ plan: StepsPlan, problem: String?, chrome: Chrome) -> String {
        let steps = plan.ladder.steps
        let thresholds = plan.thresholds
        return Layout.page(
            title: "Arrange my steps", chrome: chrome,
            .h1("Arrange my steps"),
            .p("Put the steps in the order that feels right, hide what does not apply to you, and add your own. Hidden steps keep their history and can come back."),
            Layout.formError(problem),
            .ol(
                .class("ladder arrange"),
                .forEach(steps.indices, { index in
                    let step = steps[index]
                    func button(_ action: String, _ label: String) -> Node<HTML.BodyContext> {
                        Layout.postButton(to: .stepsArrange, label: label, chrome: chrome, class: "quiet", fields: [("action", action), ("step", step.id.rawValue)])
                    }
                    return .li(
                        .class(step.isHidden ? "ladder-step hidden-step" : "ladder-step"),
                        .h2(.text(step.title), .if(step.isHidden, .span(.class("hint"), " (hidden)"))),
                        .div(
                            .class("actions"),
                            .if(index > 0, button("up", "Move up")),
                            .if(index < steps.count - 1, button("down", "Move down")),
                            step.isHidden ? button("show", "Show") : button("hide", "Hide"),
                            .if(step.kind.isRemovable, button("remove", "Remove"))
                        ),
                        .form(
                            .class("inline rename"), .method(.post), .action(SiteRoute.stepsArrange.path),
                            Layout.csrfField(chrome),
                            .input(.type(.hidden), .name("action"), .value("rename")),
                            .input(.type(.hidden), .name("step"), .value(attributeText(step.id.rawValue))),
                            .label(.for("title-\(index)"), "Name"),
                            .input(
                                .type(.text), .name("title"), .id("title-\(index)"), .value(attributeText(step.title)),
                                .attribute(named: "maxlength", value: "\(Step.titleLimit)")),
                            .button(.type(.submit), "Rename")
                        )
                    )
                })
            ),
            .section(
                .class("card"),
                .h2("Add a step"),
                .form(
                    .method(.post), .action(SiteRoute.stepsArrange.path), .class("stack"),
                    Layout.csrfField(chrome),
                    .input(.type(.hidden), .name("action"), .value("add")),
                    .label(.for("new-title"), "A step of your own"),
                    .input(.type(.text), .name("title"), .id("new-title"), .required(true), .attribute(named: "maxlength", value: "\(Step.titleLimit)")),
                    .button(.type(.submit), "Add it at the end")
                ),
                .form(
                    .method(.post), .action(SiteRoute.stepsArrange.path), .class("stack"),
                    Layout.csrfField(chrome),
                    .input(.type(.hidden), .name("action"), .value("dilator")),
                    .label(.for("diameter"), "A dilator from your set, by its width across in millimetres"),
                    .input(
                        .type(.number), .name("diameter"), .id("diameter"), .required(true),
                        .attribute(named: "min", value: "\(StepKind.diameters.lowerBound)"), .attribute(named: "max", value: "\(StepKind.diameters.upperBound)")),
                    .p(.class("hint"), "Sets differ, so Tend names sizes by width rather than by number. It goes in its place among your other dilators."),
                    .button(.type(.submit), "Add this dilator")
                )
            ),
            .section(
                .class("card"),
                .h2("Your own pace"),
                .p("A practice counts as manageable when anxiety afterwards and pain stay at or under your limits. When your latest practices of a step all do, Tend says the next one is ready when you are."),
                .form(
                    .method(.post), .action(SiteRoute.stepsArrange.path), .class("stack"),
                    Layout.csrfField(chrome),
                    .input(.type(.hidden), .name("action"), .value("pace")),
                    paceFields(thresholds),
                    .button(.type(.submit), .class("primary"), "Save my pace")
                )
            ),
            .p(.a(.href(SiteRoute.steps.path), "Back to my steps"))
        )
    }

    /// The six numbers of a pace, filled with `thresholds`: here, and in a practitioner's offer.
    static func paceFields(_ thresholds: StepThresholds) -> Node<HTML.FormContext> {
        .group(
            numberField("anxiety", "Anxiety limit (0–10)", thresholds.anxiety, ValueLimits.rating),
            numberField("pain", "Pain limit (0–\(StepThresholds.painLimit); pain above it is always a reason to go gently)", thresholds.pain, 0...StepThresholds.painLimit),
            numberField("practicesNeeded", "Manageable practices in a row before a step is ready", thresholds.practicesNeeded, StepThresholds.practiceCounts),
            numberField("shortestMinutes", "Suggested length, from (minutes)", thresholds.shortestMinutes, StepThresholds.minuteRange),
            numberField("longestMinutes", "Suggested length, to (minutes)", thresholds.longestMinutes, StepThresholds.minuteRange),
            numberField("everyDays", "Suggest practice about every … days", thresholds.everyDays, StepThresholds.dayGaps)
        )
    }

    private static func numberField(_ name: String, _ label: String, _ value: Int, _ range: ClosedRange<Int>) -> Node<HTML.FormContext> {
        .group(
            .label(.for(name), .text(label)),
            .input(
                .type(.number), .name(name), .id(name), .value("\(value)"), .required(true),
                .attribute(named: "min", value: "\(range.lowerBound)"), .attribute(named: "max", value: "\(range.upperBound)"))
        )
    }
}
