import Foundation
import Testing

@testable import TendCore

@Suite("A step practised with a partner follows a programme of its own")
struct StepProgramTests {
    let step = Step(id: StepID(rawValue: "tampon"), kind: .tampon, title: "My own words for it")

    @Test func theStepIsTheOneTimedStretchThenTheMethodsClose() throws {
        let base = try Program.standard()
        let program = Program.practising(step, thresholds: StepThresholds(shortestMinutes: 8, longestMinutes: 12), base: base)
        #expect(program.firstPosition == .phase(.warmUp))
        #expect(program.position(after: .phase(.warmUp)) == .phase(.close))
        #expect(program.position(after: .phase(.close)) == .finished)
        #expect(program.gates.isEmpty)
        #expect(program.warmUp.suggestedMinutes == 8)
        for audience in Participant.allCases {
            #expect(program.guide(for: .warmUp, audience: audience)?.title == "My own words for it")
            #expect(program.guide(for: .warmUp, audience: audience)?.guidance.contains("{") == false)
        }
        #expect(program.guide(for: .close, audience: .receiver)?.title == base.guide(for: .close, audience: .receiver)?.title)
        #expect(program.guide(for: .warmUp, audience: .alone)?.guidance.lowercased().contains("partner") == false)
    }

    @Test func onlyTheGiverIsRefusedMovingOnAndTheReceiverEndsIt() throws {
        let engine = SessionEngine(program: .practising(step, thresholds: StepThresholds(), base: try .standard()))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var session = engine.newSession(id: SessionID(rawValue: "s"), owner: OwnerID(rawValue: "o"), mode: .partner, at: now)
        session = try engine.apply(SessionEvent(.start, by: .receiver), to: session, at: now)
        #expect(throws: SessionRejection.self) { try engine.apply(SessionEvent(.next, by: .giver), to: session, at: now) }
        session = try engine.apply(SessionEvent(.next, by: .receiver), to: session, at: now + 600)
        #expect(session.position == .phase(.close))
        #expect(session.closing == .completed)
        // A session of the method cannot be walked by the step's engine, nor the other way round.
        #expect(throws: SessionRejection.self) { try SessionEngine(program: try .standard()).check(session) }
    }

    @Test func theProgrammeNamesItsStepAndNothingElseDoes() throws {
        let program = Program.practising(step, thresholds: StepThresholds(), base: try .standard())
        #expect(Program.practisedStep(in: program.id) == step.id)
        #expect(Program.practisedStep(in: try Program.standard().id) == nil)
        #expect(Program.practisedStep(in: "step:") == nil)
    }
}
