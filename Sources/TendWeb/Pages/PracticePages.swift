import Foundation
import Plot
import TendCore

/// Breath, pelvic-floor and jaw practices: usable on their own, any time.
enum PracticePages {
    static func hub(chrome: Chrome) -> String {
        Layout.page(
            title: "Practices", chrome: chrome,
            .h1("Practices for any day"),
            .p("Short practices that help the body settle. They are useful on their own, before a session, or on days when touch is not right."),
            .ul(
                .class("session-list"),
                .li(.a(.href(SiteRoute.breathPacer.path), .strong("Breath pacer"), .text(" · a longer out-breath, to help the body rest"))),
                .li(.a(.href(SiteRoute.pelvicFloor.path), .strong("Pelvic-floor letting-go"), .text(" · a light squeeze, then a long release"))),
                .li(.a(.href(SiteRoute.jawRelease.path), .strong("Jaw and throat release"), .text(" · a few minutes of softening")))
            )
        )
    }

    /// The pacer itself, shared by its own page and the session page.
    /// - Parameter anchor: a shared moment (server time) the rhythm counts from, so two devices
    ///   in a partner session breathe in step.
    static func pacer(_ pattern: BreathPattern, anchor: Date? = nil) -> Node<HTML.BodyContext> {
        let hum = pattern.humCue ? " Let a soft hum or sigh ride on it." : ""
        let steps = [
            PracticeStep(kind: "inhale", seconds: pattern.inhaleSeconds, label: "Breathe in through your nose"),
            PracticeStep(kind: "exhale", seconds: pattern.exhaleSeconds, label: "Breathe out through your mouth, jaw soft.\(hum)"),
        ]
        return runner(
            steps: steps, repeatForever: true, idleLabel: "In for \(seconds(pattern.inhaleSeconds)), out for \(seconds(pattern.exhaleSeconds)).",
            shape: "pacer", anchor: anchor)
    }

    static func breath(pattern: BreathPattern, problem: String?, chrome: Chrome) -> String {
        Layout.page(
            title: "Breath pacer", chrome: chrome, scripts: [.practiceScript],
            .h1("Breath pacer"),
            .p("Breathe in through your nose as the circle grows, and out through your mouth as it softens, with an “aaah” if you like. A longer out-breath tells the body it can rest."),
            Layout.formError(problem),
            pacer(pattern),
            .details(
                .summary("Adjust the pace"),
                .form(
                    .method(.get), .action(SiteRoute.breathPacer.path), .class("stack"),
                    .label(.for("inhale"), "Seconds breathing in"),
                    .input(.type(.number), .name("inhale"), .id("inhale"), .value(seconds(pattern.inhaleSeconds, unit: false)),
                        .attribute(named: "min", value: "2"), .attribute(named: "max", value: "15"), .attribute(named: "step", value: "0.5")),
                    .label(.for("exhale"), "Seconds breathing out"),
                    .input(.type(.number), .name("exhale"), .id("exhale"), .value(seconds(pattern.exhaleSeconds, unit: false)),
                        .attribute(named: "min", value: "2"), .attribute(named: "max", value: "15"), .attribute(named: "step", value: "0.5")),
                    .label(.class("check"), .input(.type(.checkbox), .name("hum"), .value("on"), .checked(pattern.humCue)), .text(" Remind me to hum or sigh on the out-breath")),
                    .label(.class("check"), .input(.type(.checkbox), .name("shorter"), .value("on")), .text(" I know, and want the out-breath shorter than the in-breath")),
                    .button(.type(.submit), "Use this pace")
                )
            )
        )
    }

    static func pelvicFloor(practice: PelvicFloorPractice, problem: String?, chrome: Chrome) -> String {
        let labels: [PelvicFloorPractice.Step: String] = [
            .contract: "Gently draw in and up — only 20–30% of your effort, a light squeeze",
            .release: "Let go. Breathe out long with a sigh; let the muscles soften and widen",
            .rest: "Rest. Breathe normally",
        ]
        let steps = practice.timeline.map { PracticeStep(kind: $0.step.rawValue, seconds: Double($0.seconds), label: labels[$0.step] ?? "") }
        return Layout.page(
            title: "Pelvic-floor letting-go", chrome: chrome, scripts: [.practiceScript],
            .h1("Pelvic-floor letting-go"),
            .p("The pelvic floor is the hammock of muscles at the base of your pelvis. When it is tense, strength exercises are not what it needs. Here the squeeze is small — only 20–30% of your effort — and the letting-go is long. Put your attention on the release."),
            .p(.class("pain-answer"), "Stop if it hurts or cramps. Rest, breathe out long, and try again another day with a smaller squeeze, or not at all."),
            Layout.formError(problem),
            runner(steps: steps, repeatForever: false, idleLabel: "\(practice.repetitions) rounds, about \(plainDuration(Double(practice.totalSeconds))).", shape: "pacer"),
            .details(
                .summary("Adjust the timings"),
                .form(
                    .method(.get), .action(SiteRoute.pelvicFloor.path), .class("stack"),
                    numberField("contract", "Seconds of light squeeze", practice.contractSeconds, 1...10),
                    numberField("release", "Seconds of letting go (at least twice the squeeze)", practice.releaseSeconds, 2...60),
                    numberField("rest", "Seconds of rest between rounds", practice.restSeconds, 0...60),
                    numberField("reps", "Rounds", practice.repetitions, 1...20),
                    .button(.type(.submit), "Use these timings")
                )
            )
        )
    }

    static func jaw(chrome: Chrome) -> String {
        let steps = [
            PracticeStep(kind: "exhale", seconds: 20, label: "Let your lips part a little and a small gap open between your back teeth."),
            PracticeStep(kind: "exhale", seconds: 20, label: "Rest your tongue low and wide in your mouth."),
            PracticeStep(kind: "inhale", seconds: 20, label: "Place your fingertips just in front of your ears. Make slow circles there."),
            PracticeStep(kind: "exhale", seconds: 20, label: "Slide your fingers down along the jaw, as if smoothing it out."),
            PracticeStep(kind: "exhale", seconds: 20, label: "Let the base of your skull feel heavy, as if sinking into a pillow."),
            PracticeStep(kind: "exhale", seconds: 20, label: "Breathe out with a soft “aaah”, throat wide, as if about to yawn."),
        ]
        return Layout.page(
            title: "Jaw and throat release", chrome: chrome, scripts: [.practiceScript],
            .h1("Jaw and throat release"),
            .p("Tension in the jaw, mouth and throat often travels together with tension in the pelvis. Softening one invites the other to follow. Two minutes, six small steps."),
            runner(steps: steps, repeatForever: false, idleLabel: "Six steps of twenty seconds.", shape: "steps"),
            .ol(.class("steps-list"), .forEach(steps) { .li(.text($0.label)) })
        )
    }

    // MARK: - Pieces

    struct PracticeStep: Encodable {
        let kind: String
        let seconds: Double
        let label: String
    }

    /// The element the practice script animates. Without the script, the idle label and the
    /// page's words still guide the practice.
    private static func runner(
        steps: [PracticeStep], repeatForever: Bool, idleLabel: String, shape: String, anchor: Date? = nil
    ) -> Node<HTML.BodyContext> {
        let encoded = (try? JSONEncoder().encode(steps)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return .div(
            .class("practice \(shape)"),
            .attribute(named: "data-steps", value: attributeText(encoded)),
            .attribute(named: "data-repeat", value: repeatForever ? "forever" : "once"),
            .unwrap(anchor) { .attribute(named: "data-anchor", value: String(Int64($0.timeIntervalSince1970 * 1000))) },
            .div(.class("pacer-circle"), .attribute(named: "aria-hidden", value: "true")),
            .p(.class("practice-label"), .attribute(named: "aria-live", value: "polite"), .text(idleLabel)),
            .div(
                .class("practice-controls"),
                .button(.type(.button), .class("primary practice-start"), .attribute(named: "hidden"), "Start"),
                .label(.class("check practice-option"), .attribute(named: "hidden"), .input(.type(.checkbox), .class("practice-sound")), .text(" Soft tones")),
                .label(.class("check practice-option"), .attribute(named: "hidden"), .input(.type(.checkbox), .class("practice-vibrate")), .text(" Vibrate"))
            )
        )
    }

    private static func numberField(_ name: String, _ label: String, _ value: Int, _ range: ClosedRange<Int>) -> Node<HTML.FormContext> {
        .group(
            .label(.for(name), .text(label)),
            .input(.type(.number), .name(name), .id(name), .value("\(value)"),
                .attribute(named: "min", value: "\(range.lowerBound)"), .attribute(named: "max", value: "\(range.upperBound)"))
        )
    }

    private static func seconds(_ value: Double, unit: Bool = true) -> String {
        let text = value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
        return unit ? "\(text) seconds" : text
    }
}
