import Foundation
import Hummingbird
import TendApp
import TendCore
import TendVault

/// Practitioners over the API (hosted only), with the same rules as the pages: a person links,
/// shares and answers offers; a practitioner signs up with an authenticator app, reads what each
/// person shared, keeps notes of their own and offers ladders and programmes.
extension APIController {
    func registerPractitioners(on api: RouterGroup<TendRequestContext>, _ practitioners: Practitioners) {
        // A person's side.
        api.get("sharing") { _, context in try json(try await sharingBody(practitioners, person: try context.requireSpace())) }
        api.post("sharing/lookup") { request, context in
            _ = try context.requireSpace()
            let body = try await decodeRequired(API.LinkCodeRequest.self, for: "POST /api/v1/sharing/lookup", from: request, context: context)
            return try json(API.PractitionerName(practitioner: try await practitioners.practitioner(forLinkCode: body.linkCode).displayName))
        }
        api.post("sharing/links") { request, context in
            let body = try await decodeRequired(API.LinkRequest.self, for: "POST /api/v1/sharing/links", from: request, context: context)
            let linkID = try await practitioners.link(code: body.linkCode, pseudonym: body.pseudonym, person: try context.requireSpace())
            return try json(API.LinkMade(linkID: linkID), status: .created)
        }
        api.post("sharing/links/:id/end") { _, context in
            try await practitioners.endLink(try context.parameters.require("id"), by: try context.requireSpace())
            return Response(status: .noContent)
        }
        api.post("sharing/links/:id/shares") { request, context in
            let mine = try context.requireSpace()
            let body = try await decodeRequired(API.ShareRequest.self, for: "POST /api/v1/sharing/links/{id}/shares", from: request, context: context)
            guard let from = Day(body.from), let to = Day(body.to), from <= to else {
                throw APIRuleProblem(message: "The fields from and to must be real dates (YYYY-MM-DD), from first.")
            }
            let contents = body.contents
            guard !contents.isEmpty else { throw APIRuleProblem(message: "Nothing was chosen in contents, so nothing was shared.") }
            let report = try await SharedReport.gather(contents, from: from, to: to, in: mine, store: practice.store, program: program, at: practice.clock.now())
            let shareID = try await practitioners.share(report, over: try context.parameters.require("id"), person: mine)
            return try json(API.ShareMade(shareID: shareID), status: .created)
        }
        api.post("sharing/links/:id/continuous") { request, context in
            let body = try await decodeRequired(
                API.KeepSharingRequest.self, for: "POST /api/v1/sharing/links/{id}/continuous", from: request, context: context)
            let contents = body.contents
            guard !contents.isEmpty else { throw APIRuleProblem(message: "Nothing was chosen in contents, so nothing is shared.") }
            try await practitioners.keepSharing(
                contents, weeks: body.weeks, over: try context.parameters.require("id"), person: try context.requireSpace(), program: program)
            return Response(status: .noContent)
        }
        api.post("sharing/links/:id/continuous/stop") { _, context in
            try await practitioners.stopSharing(over: try context.parameters.require("id"), person: try context.requireSpace())
            return Response(status: .noContent)
        }
        api.post("sharing/shares/:id/withdraw") { _, context in
            try await practitioners.withdraw(try context.parameters.require("id"), in: try context.requireSpace())
            return Response(status: .noContent)
        }
        api.post("sharing/offers/:id") { request, context in
            let mine = try context.requireSpace()
            let body = try await decodeRequired(API.AnswerRequest.self, for: "POST /api/v1/sharing/offers/{id}", from: request, context: context)
            let id = try context.parameters.require("id")
            guard try await practitioners.offers(for: mine).contains(where: { $0.id == id }) else { throw PractitionerError.linkNotFound }
            if body.answer == "accept" {
                _ = try await practitioners.accept(id, person: mine, at: practice.clock.now())
            } else {
                try await practitioners.decline(id, person: mine)
            }
            return Response(status: .noContent)
        }

        // A practitioner's side.
        api.get("practitioners/sign-up") { _, _ in
            let code = OneTimeCode()
            return try json(API.AuthenticatorSecret(codeSecret: code.base32, authenticatorLink: code.authenticatorLink(account: "practitioner", issuer: "Tend")))
        }
        api.post("practitioners/sign-up") { request, context in
            let body = try await decodeRequired(API.PractitionerSignUpRequest.self, for: "POST /api/v1/practitioners/sign-up", from: request, context: context)
            guard let code = OneTimeCode(base32: body.codeSecret) else { throw PractitionerError.codeNotValid }
            let (token, recoveryKey) = try await Self.namingRule {
                try await space.setUpPractitioner(
                    name: body.name, invitation: body.invitation, passphrase: body.passphrase, confirmation: body.passphrase,
                    displayName: body.displayName, codeSecret: code, code: body.code)
            }
            var response = try json(API.SetUpResponse(recoveryKey: recoveryKey.displayText), status: .created)
            response.setCookie(SpaceCookieMiddleware.cookie(token: token))
            return response
        }
        api.get("practitioner/people") { _, context in
            let mine = try await requirePractitioner(context)
            return try json(API.People(people: try await practitioners.peopleOf(mine).map { API.Person(linkID: $0.id, name: $0.name) }))
        }
        api.get("practitioner/programmes") { _, context in
            let written = try await practitioners.writtenPrograms(practitioner: try await requirePractitioner(context))
            return try json(API.WrittenPrograms(programmes: written.map { API.WrittenProgramSeen(key: $0.key, writtenAt: $0.writtenAt, program: $0.program) }))
        }
        api.post("practitioner/link-codes") { _, context in
            let code = try await practitioners.newLinkCode(for: try await requirePractitioner(context))
            return try json(API.LinkCode(linkCode: code, validForHours: Int(Practitioners.linkCodeLifetime / 3600)), status: .created)
        }
        api.get("practitioner/people/:id") { _, context in
            let mine = try await requirePractitioner(context)
            let id = try context.parameters.require("id")
            guard let person = try await practitioners.peopleOf(mine).first(where: { $0.id == id }) else { throw PractitionerError.linkNotFound }
            let shares = try await practitioners.shares(over: id, practitioner: mine).map { API.Share(id: $0.id, report: $0.report) }
            return try json(API.PersonBody(
                linkID: id, name: person.name, shares: shares, ownNote: try await practitioners.ownNote(for: id, practitioner: mine),
                waitingOffers: try await practitioners.waitingOffers(over: id, practitioner: mine)))
        }
        api.post("practitioner/people/:id/end") { _, context in
            try await practitioners.endLink(try context.parameters.require("id"), by: try await requirePractitioner(context))
            return Response(status: .noContent)
        }
        api.post("practitioner/people/:id/notes") { request, context in
            let mine = try await requirePractitioner(context)
            let body = try await decodeRequired(API.OwnNoteRequest.self, for: "POST /api/v1/practitioner/people/{id}/notes", from: request, context: context)
            try await practitioners.keepOwnNote(body.note, for: try context.parameters.require("id"), practitioner: mine)
            return Response(status: .noContent)
        }
        api.post("practitioner/people/:id/offers") { request, context in
            let mine = try await requirePractitioner(context)
            let body = try await decodeRequired(API.OfferRequest.self, for: "POST /api/v1/practitioner/people/{id}/offers", from: request, context: context)
            let offer: Offer
            switch (body.program, body.ladder, body.thresholds) {
            case (let program?, nil, nil):
                offer = .program(ProgramOffer(program: program, note: body.note ?? "", madeAt: practice.clock.now()))
            case (nil, let ladder?, let thresholds?):
                offer = .ladder(LadderOffer(ladder: ladder, thresholds: thresholds, note: body.note ?? "", madeAt: practice.clock.now()))
            default:
                throw APIRuleProblem(message: "Send either program, or ladder with thresholds.")
            }
            do {
                try await practitioners.offer(offer, over: try context.parameters.require("id"), practitioner: mine)
            } catch let error as ProgramError {
                throw APIRuleProblem(message: "The field program.\(error.description).")
            }
            return Response(status: .created)
        }
    }

    /// The unlocked space, if it is a practitioner's; anyone else finds nothing here.
    private func requirePractitioner(_ context: TendRequestContext) async throws -> UnlockedSpace {
        let mine = try context.requireSpace()
        guard try await practice.store.practitioner(mine.owner) != nil else { throw HTTPError(.notFound) }
        return mine
    }

    private func sharingBody(_ practitioners: Practitioners, person mine: UnlockedSpace) async throws -> API.SharingBody {
        let linked = try await practitioners.linked(person: mine).map { linked in
            API.LinkedPractitioner(
                linkID: linked.link.id, name: linked.link.name,
                shares: linked.notes.map {
                    API.ShareSeen(shareID: $0.shareID, from: $0.from, to: $0.to, contents: $0.contents, sharedOn: $0.madeOn, keptUpToDateWeeks: $0.continuousWeeks)
                },
                keptUpToDate: linked.continuous.map { API.KeptUpToDate(contents: $0.contents, weeks: $0.weeks) })
        }
        let offers = try await practitioners.offers(for: mine).map { offered in
            switch offered.offer {
            case nil:
                API.OfferSeen(id: offered.id, linkID: offered.link.id, from: offered.link.name, readable: false, note: nil, ladder: nil, thresholds: nil, program: nil)
            case .ladder(let ladder)?:
                API.OfferSeen(
                    id: offered.id, linkID: offered.link.id, from: offered.link.name, readable: true, note: ladder.note, ladder: ladder.ladder,
                    thresholds: ladder.thresholds, program: nil)
            case .program(let program)?:
                API.OfferSeen(
                    id: offered.id, linkID: offered.link.id, from: offered.link.name, readable: true, note: program.note, ladder: nil, thresholds: nil,
                    program: program.program)
            }
        }
        return API.SharingBody(practitioners: linked, offers: offers)
    }

    // MARK: - Programmes

    func registerProgrammes(on api: RouterGroup<TendRequestContext>) {
        api.get("programmes") { _, context in try json(try await programmesBody(try context.requireSpace())) }
        api.post("programmes") { request, context in
            let mine = try context.requireSpace()
            let body = try await decodeRequired(API.ChooseProgramRequest.self, for: "POST /api/v1/programmes", from: request, context: context)
            try await Programmes.choose(body.programID, standard: program, in: practice.store, space: mine)
            return try json(try await programmesBody(mine))
        }
    }

    private func programmesBody(_ mine: UnlockedSpace) async throws -> API.ProgrammesBody {
        let kept = try await Programmes.kept(from: practice.store, space: mine)
        return API.ProgrammesBody(
            following: try await Programmes.chosenID(from: practice.store, space: mine, standard: program, kept: kept),
            programmes: [API.ProgramSeen(id: program.id, offeredBy: nil, keptAt: nil, program: program)]
                + kept.map { API.ProgramSeen(id: $0.program.id, offeredBy: $0.offeredBy, keptAt: $0.keptAt, program: $0.program) })
    }
}

extension API {
    struct LinkCodeRequest: Decodable { let linkCode: String }
    struct PractitionerName: Encodable { let practitioner: String }
    struct LinkRequest: Decodable {
        let linkCode: String
        /// The name the practitioner will know the person by.
        let pseudonym: String
    }
    struct LinkMade: Encodable { let linkID: String }

    struct ShareRequest: Decodable {
        let from: String
        let to: String
        let contents: SharedReport.Contents
    }
    struct ShareMade: Encodable { let shareID: String }
    struct KeepSharingRequest: Decodable {
        let contents: SharedReport.Contents
        let weeks: Int
    }
    struct AnswerRequest: Decodable { let answer: String }

    struct SharingBody: Encodable {
        let practitioners: [LinkedPractitioner]
        let offers: [OfferSeen]
    }
    struct LinkedPractitioner: Encodable {
        let linkID: String
        let name: String
        let shares: [ShareSeen]
        let keptUpToDate: KeptUpToDate?
    }
    struct ShareSeen: Encodable {
        let shareID: String
        let from: Day
        let to: Day
        let contents: SharedReport.Contents
        let sharedOn: Day
        let keptUpToDateWeeks: Int?
    }
    struct KeptUpToDate: Encodable {
        let contents: SharedReport.Contents
        let weeks: Int
    }
    struct OfferSeen: Encodable {
        let id: String
        let linkID: String
        /// The practitioner's name.
        let from: String
        /// False for an offer that could not be read (written for another version of Tend, or damaged): it can only be declined.
        let readable: Bool
        let note: String?
        let ladder: StepLadder?
        let thresholds: StepThresholds?
        let program: Program?
    }

    struct AuthenticatorSecret: Encodable {
        let codeSecret: String
        let authenticatorLink: String
    }
    struct PractitionerSignUpRequest: Decodable {
        let name: String
        let invitation: String?
        let passphrase: String
        let displayName: String
        let codeSecret: String
        let code: String
    }
    struct People: Encodable { let people: [Person] }
    struct Person: Encodable {
        let linkID: String
        /// The name the person chose.
        let name: String
    }
    struct LinkCode: Encodable {
        let linkCode: String
        let validForHours: Int
    }
    struct Share: Encodable {
        let id: String
        let report: SharedReport
    }
    struct PersonBody: Encodable {
        let linkID: String
        let name: String
        let shares: [Share]
        let ownNote: String
        /// How many of the practitioner's offers still wait for the person's answer.
        let waitingOffers: Int
    }
    struct OwnNoteRequest: Decodable { let note: String }
    struct OfferRequest: Decodable {
        let note: String?
        let program: Program?
        let ladder: StepLadder?
        let thresholds: StepThresholds?
    }

    struct WrittenPrograms: Encodable { let programmes: [WrittenProgramSeen] }
    struct WrittenProgramSeen: Encodable {
        let key: String
        let writtenAt: Date
        let program: Program
    }

    struct ChooseProgramRequest: Decodable { let programID: String }
    struct ProgrammesBody: Encodable {
        let following: String
        let programmes: [ProgramSeen]
    }
    struct ProgramSeen: Encodable {
        let id: String
        let offeredBy: String?
        let keptAt: Date?
        let program: Program
    }
}
