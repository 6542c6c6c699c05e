import Foundation
import Plot
import TendApp
import TendCore

/// Session programmes: a practitioner writing one to offer, how both sides read one, and the
/// person choosing which one their sessions follow.
enum ProgramPages {
    // MARK: - Names in words

    static func phaseName(_ phase: Phase) -> String {
        switch phase {
        case .setUp: "Setting up"
        case .warmUp: "The warm-up"
        case .fullHandHolding: "Holding with a full hand"
        case .entranceHolding: "Resting at the entrance"
        case .clockFace: "The clock face"
        case .close: "The close"
        }
    }

    static func audienceName(_ audience: Participant) -> String {
        switch audience {
        case .alone: "for someone practising alone"
        case .receiver: "for the person receiving"
        case .giver: "for the partner giving"
        }
    }

    static func lineName(_ line: SessionLine) -> String {
        switch line {
        case .pointPress: "On a point (must say {hour})"
        case .returnToSix: "Sliding back round to six"
        case .dwellCaption: "Under the timer on a point"
        case .warmUpCaption: "Under the warm-up timer"
        case .fullHandCaption: "Under the timer, holding with a full hand"
        case .entranceCaption: "Under the timer, resting at the entrance"
        case .gateCheckIn: "The pause after each gate"
        }
    }

    // MARK: - Reading one

    /// A programme as both sides read it: the suggested times, each phase's words for each person,
    /// and the gates. Its headings sit under a card's own (level 3).
    static func preview(_ program: Program, words: Bool = true) -> Node<HTML.BodyContext> {
        .div(
            .class("programme-preview"),
            .p(.text(timesSentence(program))),
            .ol(.forEach(program.phases) { guide in
                .li(
                    words ? .h3(.text(guide.title[.alone])) : .text(guide.title[.alone]),
                    .if(words, .forEach(Participant.allCases) { audience in
                        .p(.strong(.text(audienceHeading(audience) + ": ")), .text(program.guide(for: guide.phase, audience: audience)?.guidance ?? ""))
                    }),
                    .if(guide.phase == .clockFace, .ul(.forEach(program.gates) { gate in
                        .li(.text("Gate \(gate.number), \(gate.depth): " + gate.sequence.map { "\($0.hour)" }.joined(separator: " → ")))
                    }))
                )
            })
        )
    }

    /// The suggested times, for the parts the programme has, and that they never hurry anyone.
    static func timesSentence(_ program: Program) -> String {
        let phases = Set(program.phases.map(\.phase))
        let times = [
            phases.contains(.warmUp) ? "a warm-up of \(program.warmUp.suggestedMinutes) minutes or more" : nil,
            phases.contains(.clockFace) ? "\(program.dwell.minMinutes)–\(program.dwell.maxMinutes) minutes or more on each clock point" : nil,
        ].compactMap { $0 }
        let suggested = times.isEmpty ? "" : "Suggested: " + times.joined(separator: ", and ") + ". "
        return suggested + "Nothing here is a timer: moving on is always the choice of the person receiving the touch, alone or with a partner."
    }

    /// A gentle word to the practitioner when their times are shorter than the method usually suggests.
    static func shortTimesNote(_ program: Program) -> String? {
        let phases = Set(program.phases.map(\.phase))
        let shortWarmUp = phases.contains(.warmUp) && program.warmUp.suggestedMinutes < 30
        let shortPoints = phases.contains(.clockFace) && program.dwell.minMinutes < 3
        guard shortWarmUp || shortPoints else { return nil }
        return "These times are shorter than the method usually suggests (a warm-up of 30 minutes or more, 3–5 minutes or more on a point). Slow, unhurried touch is what gives the tension time to ease; you can still offer it as it is."
    }

    /// Every word of a programme, folded away until asked for.
    static func readInFull(_ program: Program) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [.element(named: "summary", text: "Read every word of it"), preview(program)])
    }

    private static func audienceHeading(_ audience: Participant) -> String {
        switch audience {
        case .alone: "Alone"
        case .receiver: "Receiving"
        case .giver: "Giving"
        }
    }

    // MARK: - Writing one (the practitioner)

    /// What the programme form shows: the draft, and after a preview or an offer, what came of it.
    struct Editor {
        var draft: ProgramDraft
        var note = ""
        var preview: Program?
        var problem: ProgramError?
        var offered = false
    }

    static func editor(name: String, linkID: String, editor: Editor, written: [WrittenProgram], chrome: Chrome) -> String {
        let wrong = editor.problem.flatMap { ProgramDraft.formField(for: $0.field, in: editor.draft) }
        let problem = editor.problem.map { problem in (wrong.map { "\($0.label): " } ?? "") + problemSentence(problem) }
        let draft = editor.draft
        func text(_ name: String, _ label: String, hint: String? = nil) -> Node<HTML.BodyContext> {
            .div(
                .class("field"),
                .label(.for(name), .text(label)),
                .unwrap(hint) { .p(.class("hint"), .text($0)) },
                .textarea(
                    .name(name), .id(name), .attribute(named: "rows", value: "4"),
                    .attribute(named: "maxlength", value: "\(Program.textLimit)"),
                    .attribute(named: "aria-invalid", value: invalid(name)), .text(draft[name]))
            )
        }
        func line(_ name: String, _ label: String, kind: String = "text", limit: Int = Program.textLimit) -> Node<HTML.BodyContext> {
            .div(
                .class("field"),
                .label(.for(name), .text(label)),
                .input(
                    .type(kind == "number" ? .number : .text), .name(name), .id(name), .value(attributeText(draft[name])),
                    .attribute(named: kind == "number" ? "max" : "maxlength", value: "\(limit)"),
                    .attribute(named: "aria-invalid", value: invalid(name)))
            )
        }
        /// Whether the problem shown is in this field, as `aria-invalid` says it.
        func invalid(_ name: String) -> String { wrong?.name == name ? "true" : "false" }
        return Layout.page(
            title: "A programme for \(name)", chrome: chrome,
            .h1(.text("A programme for \(name)")),
            .p(.a(.href(SiteRoute.practitionerPerson(linkID).path), .text("Back to \(name)"))),
            .p(.text("Write the sessions you suggest for \(name): which parts they hold, the suggested times, the words each person reads, and the points of each gate. It starts as Tend's own programme; change what you like. Every word is written three times: for someone practising alone (never mentioning a partner), for the person receiving, and for the partner giving. Tend checks it by the method's rules; \(name) reads it and chooses whether to take it on, and can go back to Tend's own at any time.")),
            .if(!written.isEmpty, .nav(
                .attribute(named: "aria-label", value: "Start from"),
                .p(
                    .text("Start from: "),
                    .a(.href(SiteRoute.practitionerProgramme(linkID).path), "Tend's own"),
                    .forEach(written) { program in
                        .group(.text(" · "), .a(.href(SiteRoute.practitionerProgramme(linkID).path + "?from=" + program.key), .text(program.program.name)))
                    }
                )
            )),
            .if(editor.offered, .p(.class("saved"), .attribute(named: "role", value: "status"), "Offered. It waits for their answer.")),
            Layout.formError(problem),
            .unwrap(editor.preview) { program in
                .section(
                    .class("card"), .id("preview"), .h2(.text("Preview: \(program.name)")),
                    .unwrap(shortTimesNote(program)) { .p(.class("hint"), .attribute(named: "role", value: "note"), .text($0)) },
                    preview(program))
            },
            .form(
                .method(.post), .action(SiteRoute.practitionerProgramme(linkID).path), .class("stack programme-form"),
                Layout.csrfField(chrome),
                Layout.fieldset(
                    "The programme, and its suggested times (never enforced)",
                    line("name", "The programme's name", limit: Program.nameLimit),
                    line("warmUpMinutes", "Warm-up, in minutes", kind: "number", limit: 600),
                    line("dwellMin", "On each clock point: the fewest minutes", kind: "number", limit: 600),
                    line("dwellMax", "On each clock point: the most minutes", kind: "number", limit: 600)
                ),
                .forEach(Phase.allCases) { phase in
                    let raw = phase.rawValue
                    let nodes: [Node<HTML.BodyContext>] = [
                        .element(named: "legend", text: phaseName(phase)),
                        phase == .close
                            ? .p(.class("hint"), "Every session ends here, however far it went.")
                            : .label(
                                .class("check"),
                                .input(.type(.checkbox), .name("include-\(raw)"), .id("include-\(raw)"),
                                    .checked(draft["include-\(raw)"] == "on"), .attribute(named: "aria-invalid", value: invalid("include-\(raw)"))),
                                .text(" Part of the session")),
                        line("title-\(raw)", "Title"),
                        .element(named: "details", nodes: [
                            .if(["title-receiver-\(raw)", "title-giver-\(raw)"].contains { !draft[$0].isEmpty || wrong?.name == $0 },
                                .attribute(named: "open", value: "open")),
                            .element(named: "summary", text: "Other titles in a partner session (optional)"),
                            line("title-receiver-\(raw)", "Title for the person receiving"),
                            line("title-giver-\(raw)", "Title for the partner giving"),
                            .p(.class("hint"), "Left empty, both read the title above."),
                        ]),
                        text("alone-\(raw)", "Words for someone practising alone"),
                        text("receiver-\(raw)", "Words for the person receiving"),
                        text("giver-\(raw)", "Words for the partner giving", hint: "They follow the receiver's lead; never words that move the receiver on."),
                        .if(phase == .clockFace, .group(
                            .p(.class("hint"), "The gates, shallowest first. Points are hours of the clock (6 is toward the back), in order, e.g. 6 7 8 9 10 6 5 4 3. Leave a gate empty to stop before it."),
                            .forEach(1...ProgramDraft.gateCount) { number in
                                .group(
                                    line("depth-\(number)", "Gate \(number): how deep, in words"),
                                    line("sequence-\(number)", "Gate \(number): its points, in order"))
                            }
                        )),
                    ]
                    return .element(named: "fieldset", nodes: nodes)
                },
                .element(named: "details", nodes: [Node<HTML.BodyContext>]([
                    .element(named: "summary", text: "The short lines beside the timer"),
                    .p(.class("hint"), "You can write {warmUpMinutes} and {dwellMinutes} for the suggested times; the line on a point must say {hour}."),
                    .forEach(SessionLine.allCases) { kind in
                        .group(.forEach(Participant.allCases) { audience in
                            line("line-\(kind.rawValue)-\(audience.rawValue)", "\(lineName(kind)), \(audienceName(audience))")
                        })
                    },
                ])),
                .label(.for("note"), "A few words for them (optional)"),
                .textarea(.name("note"), .id("note"), .attribute(named: "maxlength", value: "\(Practitioners.noteLimit)"), .text(editor.note)),
                .div(
                    .class("actions"),
                    .button(.type(.submit), .name("action"), .value("preview"), "Preview"),
                    .button(.type(.submit), .name("action"), .value("offer"), .class("primary"), .text("Offer it to \(name)"))
                )
            )
        )
    }

    /// The rule's sentence, without the field it names (the page names it in words).
    static func problemSentence(_ problem: ProgramError) -> String {
        switch problem {
        case .malformed(_, let sentence), .invalid(_, let sentence): sentence
        case .missingResource: problem.description
        }
    }

    // MARK: - Choosing one (the person)

    /// The person's programmes: the method's own and any taken on, with the one new sessions follow.
    static func choose(standard: Program, kept: [KeptProgram], chosen: String, problem: String?, chrome: Chrome) -> String {
        func card(_ program: Program, from: KeptProgram?) -> Node<HTML.BodyContext> {
            .section(
                .class("card"),
                .h2(.text(program.name)),
                .p(.class("hint"), .text(from.map { "Offered by \($0.offeredBy); you took it on \(HistoryPage.dateText($0.keptAt))." } ?? "Tend's own programme, as the method teaches it.")),
                preview(program, words: false),
                program.id == chosen
                    ? .p(.class("saved"), "Your new sessions follow this one.")
                    : Layout.postButton(to: .programmes, label: "Follow this one", chrome: chrome, class: "primary", fields: [("program", program.id)]),
                readInFull(program)
            )
        }
        return Layout.page(
            title: "Programmes", chrome: chrome,
            .h1("Programmes"),
            .p("Your sessions follow one programme: Tend's own, or one a practitioner offered you and you took on. You can change at any time. A session you already began keeps the programme it began with."),
            Layout.formError(problem),
            card(standard, from: nil),
            .forEach(kept) { card($0.program, from: $0) },
            .p(.a(.href(SiteRoute.home.path), "Back home"))
        )
    }
}
