import Foundation
import Plot
import TendCore

/// The two screens of a partner session, and joining one.
enum LivePages {
    struct ReceiverModel {
        let session: PracticeSession
        let invitation: LiveRooms.Invitation?
        let hasAgreement: Bool
        let feedback: FeedbackStyle?
        let breath: BreathPattern
        let certificateFingerprint: String?
        /// This Tend's address as a phone on the network reaches it, for the join link.
        let origin: String
        let chrome: Chrome
        /// What each pain level 1–5 means, as agreed.
        let painMeanings: [String]
        /// The length the two agreed on, if they have.
        let agreedMinutes: Int?
        /// For a step practised together: where the receiver notes how it went, afterwards.
        let stepNote: String?
    }

    /// The breath pacer both phones share, counting from the session's creation.
    static func sharedPacer(_ pattern: BreathPattern, from anchor: Date) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .attribute(named: "class", value: "pacer-panel"),
            .element(named: "summary", text: "Breathe together with a pacer"),
            PracticePages.pacer(pattern, anchor: anchor),
        ])
    }

    /// The receiver's signal pad: the controls of the whole session.
    static func receiver(_ model: ReceiverModel) -> String {
        let id = model.session.id
        let showScale = model.feedback != .softerFirmer
        let showSofterFirmer = model.feedback != .painScale
        return Layout.page(
            title: "Partner session", chrome: model.chrome, bodyClass: "live", scripts: [.liveScript, .practiceScript], room: true,
            liveRoot(
                role: "receiver", session: id, chrome: model.chrome, agreedMinutes: model.agreedMinutes,
                .unwrap(model.invitation) { invitation in
                    .section(
                        .class("card pairing"),
                        .h2("Invite your partner"),
                        .p(.text("On their phone, your partner opens this Tend's address, adds /join, and types this code:")),
                        .p(.class("pairing-code"), .text(invitation.code.prefix(3) + " " + invitation.code.suffix(3))),
                        joinLink(origin: model.origin, code: invitation.code),
                        .p(.class("hint"), .text("The code works once, for ten minutes. A device that types several wrong codes has to wait a little before trying again.")),
                        .unwrap(model.certificateFingerprint) { fingerprint in
                            .p(.class("hint fingerprint"), .text(
                                "Your partner's browser will warn that this connection's certificate is not known to it: Tend made it on this computer. To check it is really this computer, the certificate's SHA-256 fingerprint should begin \(fingerprint.prefix(23)).")) 
                        },
                        Layout.postButton(to: .liveInvite(id), label: "Make a new code", chrome: model.chrome, class: "quiet")
                    )
                },
                .if(!model.hasAgreement, .p(.class("form-error"),
                    .a(.href(SiteRoute.agreementEdit.path + "?then=" + SiteRoute.live(id).path), "Write your boundaries agreement together"),
                    .text(" before you begin; your partner confirms it on their phone, then you come back here."))),
                .div(
                    .class("pad"),
                    pad("start", "Begin", class: "primary pad-start"),
                    pad("next", "Go on, when I'm ready", class: "primary"),
                    pad("holdStill", "Hold still"),
                    .if(showSofterFirmer, .group(pad("softer", "Softer"), pad("firmer", "Firmer"))),
                    .if(!showSofterFirmer, .p(.class("hint pad-note"), "Your agreement uses the pain scale, so softer and firmer are not shown.")),
                    .if(showScale, .element(named: "fieldset", nodes: [
                        .attribute(named: "class", value: "pain-scale-set"),
                        .element(named: "legend", text: "Pain, 1 to 5"),
                        .div(.class("pain-scale"), .forEach(1...5) { level in
                            .button(.type(.button), .attribute(named: "data-intent", value: "pain"), .attribute(named: "data-level", value: "\(level)"),
                                .attribute(named: "aria-label", value: "Pain \(level) of 5: \(model.painMeanings[level - 1])"), .text("\(level)"))
                        }),
                        .ol(.class("pain-legend"), .forEach(Array(model.painMeanings.enumerated())) { .li(.text("\($0.offset + 1) · \($0.element)")) }),
                    ])),
                    pad("enoughForToday", "Enough for today")
                ),
                sharedPacer(model.breath, from: model.session.createdAt),
                .unwrap(model.stepNote) {
                    .p(.class("hint"), .text("Afterwards, if you like: "), .a(.href($0), "note how this step went"),
                        .text(", with how anxious you felt and whether it hurt. Your steps are paced by those numbers."))
                },
                .p(.class("hint live-giver"), ""),
                Layout.postButton(to: .liveRemoveGiver(id), label: "Remove my partner from this session", chrome: model.chrome, class: "quiet")
            )
        )
    }

    /// The giver's screen: guidance, the shared timer, and every signal, loud and clear.
    static func giver(session: SessionID, view: LiveRooms.GiverView, confirmed: Bool, chrome: Chrome) -> String {
        let agreement = view.agreement
        return Layout.page(
            title: "Partner session", chrome: chrome, bodyClass: "live giver", scripts: [.liveScript, .practiceScript], room: true,
            liveRoot(
                role: "giver", session: session, chrome: chrome, agreedMinutes: agreement?.durationMinutes,
                painMeanings: AgreementPages.painMeanings(agreement), painGuidance: giverPainGuidance,
                .div(.class("signal-word"), .attribute(named: "aria-live", value: "assertive"), .attribute(named: "hidden")),
                .unwrap(agreement) { agreement in
                    .section(
                        .class("card"),
                        .h2("Your agreement"),
                        AgreementPages.summary(agreement),
                        confirmed
                            ? .p(.strong("You have confirmed it."))
                            : Layout.postButton(to: .liveConfirm(session), label: "I have read it and I agree", chrome: chrome, class: "primary")
                    )
                },
                .div(
                    .class("pad"),
                    pad("here", "I'm here, no hurry", class: "primary"),
                    .if(agreement?.giverMayAskIfReady ?? false, pad("ready", "Ask: ready for the next point?"))
                ),
                sharedPacer(view.breath, from: view.sessionCreatedAt),
                .p(.class("hint"), "Only the person receiving moves the session on. Your part is warm, steady hands and patience."),
                .label(.class("check"), .input(.type(.checkbox), .class("speak-signals")), .text(" Say signals out loud"))
            )
        )
    }

    static func join(error: String?, code: String = "", chrome: Chrome) -> String {
        Layout.page(
            title: "Join a session", chrome: chrome,
            .h1("Join your partner's session"),
            .p("Type the six-digit code shown on your partner's phone. You will see the guidance and their signals for this one session, and nothing else of their space."),
            Layout.formError(error),
            .form(
                .method(.post), .action(SiteRoute.join.path), .class("stack"),
                Layout.csrfField(chrome),
                .label(.for("code"), "Code"),
                .input(.type(.text), .name("code"), .id("code"), .attribute(named: "inputmode", value: "numeric"),
                    .attribute(named: "autocomplete", value: "one-time-code"), .value(code), .required(true)),
                .button(.type(.submit), .class("primary"), "Join")
            )
        )
    }

    /// What both phones share: the role the live script reads, "end" and "pause" always at hand, a
    /// word for a browser without JavaScript, and the title, guidance and timer the script fills
    /// in; then what is the role's own.
    private static func liveRoot(
        role: String, session: SessionID, chrome: Chrome, agreedMinutes: Int? = nil, painMeanings: [String] = [], painGuidance: [String] = [],
        _ own: Node<HTML.BodyContext>...
    ) -> Node<HTML.BodyContext> {
        .div(
            .class("live-root"), .attribute(named: "data-role", value: role),
            .attribute(named: "data-pain-meanings", value: attributeText(jsonText(painMeanings))),
            .attribute(named: "data-pain-guidance", value: attributeText(jsonText(painGuidance))),
            .attribute(named: "data-ticket-url", value: SiteRoute.liveTicket(session).path),
            .attribute(named: "data-csrf", value: attributeText(chrome.csrfToken)),
            .div(
                .class("live-bar"),
                pad("end", "End", class: "end"),
                .p(.class("live-status"), .attribute(named: "role", value: "status"), "Connecting…"),
                pad("pause", "Pause", class: "pause")
            ),
            .noscript(.p(.class("form-error"), "Partner sessions need JavaScript to carry signals between the two phones.")),
            .h1(.class("live-title"), "Getting ready"),
            .p(.class("live-guidance guidance"), ""),
            .p(.class("timer live-timer"), "0:00"),
            .unwrap(agreedMinutes) {
                .p(.class("hint agreed-length"), .text("You agreed on about \($0) minutes together. Stopping sooner is always fine."))
            },
            .group(own)
        )
    }

    /// The join link, with the code, as a QR code to scan and as text to type.
    private static func joinLink(origin: String, code: String) -> Node<HTML.BodyContext> {
        let link = "\(origin)\(SiteRoute.join.path)?code=\(code)"
        guard let qr = try? QRCode(text: link) else { return .empty }
        return .group(
            .p(.text("Or, on their phone, point the camera here:")),
            .div(.class("qr"), .raw(QRCodeSVG.render(qr, label: "A QR code of the join link"))),
            .p(.class("hint join-link"), .text(link))
        )
    }

    /// What the giver does at each pain level 1–5: the same rule as everywhere (``PainAnswer``)
    /// from level 3, gentle words below it.
    static let giverPainGuidance: [String] = Signal.painLevels.map { level in
        PainAnswer(signal: level)?.words(to: .giver)
            ?? (level == 1 ? "Stay as you are, gently." : "Soften and slow down; stay where you are.")
    }

    private static func jsonText(_ lines: [String]) -> String {
        (try? JSONEncoder().encode(lines)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    private static func pad(_ intent: String, _ label: String, class className: String = "") -> Node<HTML.BodyContext> {
        .button(.type(.button), .class(className), .attribute(named: "data-intent", value: intent), .text(label))
    }
}
