import Foundation

extension Program {
    /// How the identifier of a step's partner programme begins; the step's identifier follows.
    static let stepPrefix = "step:"

    /// A step practised with a partner's phone, as a short programme: the step itself, for as long
    /// as it stays manageable, then the method's own close (rest, aftercare, a few words).
    ///
    /// The live room, the signal pad and the giver's screen all work from a programme, so the
    /// partner path needs nothing of its own. The step sits in the warm-up's place: it is the one
    /// stretch of the session, timed quietly, and no clock face follows. The programme is made
    /// from the person's own step title, which may name anyone or anything they like, so it is not
    /// put through ``validate()``'s word rules; everything else is the method's (`base`).
    public static func practising(_ step: Step, thresholds: StepThresholds, base: Program) -> Program {
        let title = AudienceText(alone: step.title, receiver: step.title, giver: step.title)
        let guidance = AudienceText(
            alone: "Go at your own pace: breathe out slowly, let your jaw hang loose, and pause whenever you like. "
                + "About {warmUpMinutes} minutes is plenty, and stopping sooner is a whole practice.",
            receiver: "You lead this step. Go as slowly as you like; pause, hold still or ask for softer at any time. "
                + "About {warmUpMinutes} minutes is plenty, and stopping sooner is a whole practice. Tap "
                + "\"Go on\" when you want to rest and close.",
            giver: "Follow their lead and their signals. Keep your hands warm, slow and still unless asked. "
                + "They decide how far to go, when to rest and when to stop.")
        let caption = AudienceText(
            alone: "A quiet timer. It never ends anything.",
            receiver: "A quiet timer both screens share. It never ends anything.",
            giver: "A quiet timer both screens share. It never ends anything.")
        var lines = base.lines
        lines[.warmUpCaption] = caption
        let close = base.phases.first { $0.phase == .close }
            ?? PhaseGuide(phase: .close, title: AudienceText(alone: "Rest", receiver: "Rest", giver: "Rest"), guidance: guidance)
        return Program(
            id: stepPrefix + step.id.rawValue, name: step.title,
            phases: [PhaseGuide(phase: .warmUp, title: title, guidance: guidance), close],
            lines: lines, warmUp: WarmUpGuide(suggestedMinutes: thresholds.suggestedMinutes.lowerBound),
            dwell: base.dwell, gates: [])
    }

    /// The step a programme identifier names, if it is a step practised with a partner.
    public static func practisedStep(in programID: String) -> StepID? {
        guard programID.hasPrefix(stepPrefix) else { return nil }
        let id = programID.dropFirst(stepPrefix.count)
        return id.isEmpty ? nil : StepID(rawValue: String(id))
    }
}
