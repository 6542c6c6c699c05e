/// The rule table. docs/triage-rules.md explains each rule and threshold; keep the two in step.
extension Triage {
    /// Pain at or above this, with any kind of penetration, is a reason to see a professional.
    public static let severePain = 7
    /// Anxiety at or above this is worth preparing for.
    public static let highAnxiety = 7
    /// Pain at or above this with a partner, while lower alone, is worth talking over together.
    public static let partnerPain = 5

    /// Tampon, cotton bud and finger: strong pain even with these is the classic reason to see a professional.
    static let smallKinds = Set(PenetrationType.allCases.filter(\.isSmall))
    /// Nothing can go in, or severe pain with anything: the situations that call for a professional's help.
    static let severe: TriageCondition = .any([
        .extentIs(.total), .painAtLeast(severePain, with: Set(PenetrationType.allCases)),
    ])
    /// Pain that began later, or after a change in the body the person ticked.
    static let beganLater: TriageCondition = .any(
        [.onsetIs(.later)] + Contributor.allCases.filter(\.isChangeInTheBody).map { .ticked($0) })
    /// Something ticked that may have been frightening or not freely chosen.
    static let possibleTrauma: TriageCondition = .any(Contributor.allCases.filter(\.mayBeTraumatic).map { .ticked($0) })

    /// Every rule, most important first. A step suggested by several rules appears once, with the reason of the first.
    public static let rules: [TriageRule] = [
        TriageRule(
            id: "nothing-can-go-in", condition: .extentIs(.total), guidance: .seeGPAndPhysiotherapist,
            reason:
                "You said nothing can go in at the moment. A GP and a pelvic-health physiotherapist can check that nothing else needs care, and can guide gentle, gradual steps alongside your practice here."
        ),
        TriageRule(
            id: "severe-pain-small", condition: .painAtLeast(severePain, with: smallKinds),
            guidance: .seeGPAndPhysiotherapist,
            reason:
                "Strong pain even with something small, like a tampon or a fingertip, deserves a proper look from a GP and a pelvic-health physiotherapist. You do not have to manage it alone."
        ),
        TriageRule(
            id: "severe-pain-any", condition: .painAtLeast(severePain, with: Set(PenetrationType.allCases)),
            guidance: .seeGPAndPhysiotherapist,
            reason:
                "You rated the pain \(severePain) or more out of 10. Pain that strong, whether with a partner, at an examination, with a dilator or with anything else, deserves a proper look. A GP and a pelvic-health physiotherapist can help you find what is behind it and a gentler way forward, and your practice here can go alongside."
        ),
        TriageRule(
            id: "began-later", condition: beganLater, guidance: .checkOtherCauses,
            reason:
                "When pain starts after a time without it, or after a change in the body such as a birth, menopause, an infection, surgery or a new medicine, something else is often part of it: dryness, thrush or another infection, a skin condition, or a very sensitive entrance. These are common and can be treated, so it is worth asking a GP or a sexual-health clinic to take a look. You can keep practising here in the meantime."
        ),
        TriageRule(
            id: "possible-trauma", condition: possibleTrauma, guidance: .goGentlyAfterTrauma,
            reason:
                "Thank you for trusting Tend with that. You never need to explain it, here or anywhere. Practice can sometimes bring back memories, or a feeling of being far away. If it does, it is always fine to stop, feel your feet on the floor and name a few things you can see. Everything in Tend waits for you. If you would like support, someone who works in a trauma-informed way can help, whenever you are ready."
        ),
        TriageRule(
            id: "begin-solo", condition: severe, guidance: .beginSolo,
            reason: "Practising alone first lets you set every part of the pace, with no one else to think about."),
        TriageRule(
            id: "first-techniques", condition: severe, guidance: .startWithFirstTechniques,
            reason:
                "Begin with the warm-up and the still, full-hand holding. There is no hurry toward the clock face; staying with the first techniques for weeks is normal."
        ),
        TriageRule(
            id: "examinations",
            condition: .any([
                .anxietyAtLeast(.medicalExam, highAnxiety), .painAtLeast(severePain, with: [.medicalExam]),
            ]),
            guidance: .prepareForAppointments,
            reason:
                "Examinations are frightening or painful for you. Preparing what to say and ask, including how you will say stop, can put you in charge of the visit."
        ),
        TriageRule(
            id: "partner",
            condition: .any([.partnerOnlyPainAtLeast(partnerPain), .anxietyAtLeast(.partner, highAnxiety)]),
            guidance: .talkWithPartner,
            reason:
                "It is harder with a partner than alone. Telling your partner what happens in your body, and agreeing signals, often lowers the tension by itself."
        ),
    ]
}
