import Foundation
import Hummingbird
import TendApp
import TendCore
import TendVault

/// Graded practice over the API: the plan, the practices and the advice, as the pages show them.
extension APIController {
    @Sendable func steps(_ request: Request, context: TendRequestContext) async throws -> Response {
        try json(try await stepsBody(in: try context.requireSpace()))
    }

    /// Replaces the ladder and the pace; TendCore's rules refuse a bad one by field.
    @Sendable func saveSteps(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        let body = try await decodeRequired(API.StepsPlanRequest.self, for: "POST /api/v1/steps", from: request, context: context)
        let plan = StepsPlan(ladder: body.ladder, thresholds: body.thresholds)
        let practices = try await Steps.practices(from: practice.store, space: space)
        if let orphan = practices.first(where: { plan.ladder.step($0.stepID) == nil }) {
            throw APIRuleProblem(
                message: "The field ladder.steps: the step \(orphan.stepID) has practices; hide it instead of leaving it out.")
        }
        try await Steps.change(to: plan, in: practice.store, space: space, at: practice.clock.now())
        return try json(try await stepsBody(in: space))
    }

    /// Records one practice of a step; the answer carries the new advice.
    @Sendable func recordStepPractice(_ request: Request, context: TendRequestContext) async throws -> Response {
        let space = try context.requireSpace()
        let body = try await decodeRequired(
            API.StepPracticeRequest.self, for: "POST /api/v1/steps/practices", from: request, context: context)
        let plan = try await Steps.plan(from: practice.store, space: space)
        let recorded = StepPractice(
            id: StepPracticeID(rawValue: practice.ids.next()), stepID: StepID(rawValue: body.stepID),
            startedAt: practice.clock.now(), minutes: body.minutes, anxietyBefore: body.anxietyBefore,
            anxietyAfter: body.anxietyAfter, painAfter: body.painAfter, note: body.note ?? "",
            withPartner: body.withPartner ?? false)
        try await Steps.practise(recorded, on: plan.ladder, in: practice.store, space: space, at: practice.clock.now())
        return try json(try await stepsBody(in: space), status: .created)
    }

    private func stepsBody(in space: UnlockedSpace) async throws -> API.StepsBody {
        let overview = try await Steps.overview(from: practice.store, space: space, at: practice.clock.now())
        return API.StepsBody(
            ladder: overview.plan.ladder, thresholds: overview.plan.thresholds, practices: overview.practices,
            advice: overview.advice, suggestionWords: overview.advice.suggestion?.words)
    }
}

extension API {
    /// The person's steps: ladder, pace, every practice (oldest first) and TendCore's advice.
    struct StepsBody: Encodable {
        let ladder: StepLadder
        let thresholds: StepThresholds
        let practices: [StepPractice]
        let advice: StepAdvice
        /// The suggestion in the words the pages use, if there is one.
        let suggestionWords: String?
    }

    /// A new ladder and pace.
    struct StepsPlanRequest: Decodable {
        let ladder: StepLadder
        let thresholds: StepThresholds
    }

    /// One practice of a step, as it was; it is dated when it arrives.
    struct StepPracticeRequest: Decodable {
        let stepID: String
        let anxietyBefore: Int
        let anxietyAfter: Int
        let painAfter: Int
        let minutes: Int?
        let note: String?
        let withPartner: Bool?
    }
}
