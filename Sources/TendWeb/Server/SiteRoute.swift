import Hummingbird
import TendCore

/// Every page address Tend serves. Routes are registered and links are built from this one
/// list, so no path is typed twice.
enum SiteRoute {
    case home
    case health
    case ready
    case manifest
    case serviceWorker
    case offline
    case discreet
    case quickExit
    case notes
    case setUp
    case setUpFromExport
    case recoveryKeySaved
    case unlock
    case recover
    case lock
    case theme
    case history
    case startSession
    case session(SessionID)
    case sessionEvents(SessionID)
    case practices
    case breathPacer
    case pelvicFloor
    case jawRelease
    case intake
    case intakeResult(String)
    case appointments
    case library
    case settings
    case agreement
    case agreementEdit
    case startPartnerSession
    case live(SessionID)
    case liveInvite(SessionID)
    case liveRemoveGiver(SessionID)
    case liveTicket(SessionID)
    case liveConfirm(SessionID)
    case giver(SessionID)
    case join
    case article(String)
    case journal
    case cycle
    case cyclePeriods
    case progress
    case report
    case reportPrint
    case yourData
    case exportDownload
    case exportTablesDownload
    case reminders
    case calendarFeed(String)
    case erase
    case steps
    case stepsArrange
    case stepPractice(String)
    /// Practising a step with a partner's phone: starts a live session for it.
    case stepPartner(String)
    // Practitioners (hosted only): their sign-up and pages, and a person's sharing with them.
    case practitionerSignUp
    case practitionerHome
    case practitionerLinkCode
    case practitionerPerson(String)
    case practitionerEndLink(String)
    case practitionerOffer(String)
    case practitionerOwnNote(String)
    case practitionerProgramme(String)
    case sharing
    /// The programmes a person's sessions may follow, and which one they do.
    case programmes
    case sharingLink
    case sharingLinkConfirm
    case sharingShare(String)
    case sharingWithdraw(String)
    case sharingEnd(String)
    case sharingOffer(String)
    case sharingContinuous(String)

    /// The path, for links and form actions.
    var path: String {
        switch self {
        case .home: "/"
        case .health: "/healthz"
        case .ready: "/readyz"
        case .manifest: "/manifest.webmanifest"
        case .serviceWorker: "/sw.js"
        case .offline: "/offline"
        case .discreet: "/settings/discreet"
        case .quickExit: "/exit"
        case .notes: "/notes"
        case .setUp: "/setup"
        case .setUpFromExport: "/setup/from-export"
        case .recoveryKeySaved: "/setup/saved"
        case .unlock: "/unlock"
        case .recover: "/recover"
        case .lock: "/lock"
        case .theme: "/theme"
        case .history: "/sessions"
        case .startSession: "/sessions/new"
        case .session(let id): "/sessions/\(id.rawValue)"
        case .sessionEvents(let id): "/sessions/\(id.rawValue)/events"
        case .practices: "/practice"
        case .breathPacer: "/practice/breath"
        case .pelvicFloor: "/practice/pelvic-floor"
        case .jawRelease: "/practice/jaw"
        case .intake: "/intake"
        case .intakeResult(let id): "/intake/\(id)"
        case .appointments: "/appointments"
        case .library: "/library"
        case .settings: "/settings"
        case .agreement: "/agreement"
        case .agreementEdit: "/agreement/edit"
        case .startPartnerSession: "/sessions/new-partner"
        case .live(let id): "/live/\(id.rawValue)"
        case .liveInvite(let id): "/live/\(id.rawValue)/invite"
        case .liveRemoveGiver(let id): "/live/\(id.rawValue)/remove-giver"
        case .liveTicket(let id): "/live/\(id.rawValue)/ticket"
        case .liveConfirm(let id): "/live/\(id.rawValue)/confirm"
        case .giver(let id): "/live/\(id.rawValue)/giver"
        case .join: "/join"
        case .article(let slug): "/library/\(slug)"
        case .journal: "/journal"
        case .cycle: "/cycle"
        case .cyclePeriods: "/cycle/periods"
        case .progress: "/progress"
        case .report: "/report"
        case .reportPrint: "/report/print"
        case .yourData: "/your-data"
        case .exportDownload: "/your-data/tend-export.json"
        case .exportTablesDownload: "/your-data/tend-export-tables.zip"
        case .reminders: "/reminders"
        case .calendarFeed(let token): "/calendar/\(token)/calendar.ics"
        case .erase: "/your-data/erase"
        case .steps: "/steps"
        case .stepsArrange: "/steps/arrange"
        case .stepPractice(let id): "/steps/\(id)/practise"
        case .stepPartner(let id): "/steps/\(id)/partner"
        case .practitionerSignUp: "/practitioners/sign-up"
        case .practitionerHome: "/practitioner"
        case .practitionerLinkCode: "/practitioner/link-code"
        case .practitionerPerson(let id): "/practitioner/people/\(id)"
        case .practitionerEndLink(let id): "/practitioner/people/\(id)/end"
        case .practitionerOffer(let id): "/practitioner/people/\(id)/offer"
        case .practitionerOwnNote(let id): "/practitioner/people/\(id)/notes"
        case .practitionerProgramme(let id): "/practitioner/people/\(id)/programme"
        case .sharing: "/sharing"
        case .programmes: "/programmes"
        case .sharingLink: "/sharing/link"
        case .sharingLinkConfirm: "/sharing/link/confirm"
        case .sharingShare(let id): "/sharing/\(id)/share"
        case .sharingWithdraw(let id): "/sharing/\(id)/withdraw"
        case .sharingEnd(let id): "/sharing/\(id)/end"
        case .sharingOffer(let id): "/sharing/offers/\(id)"
        case .sharingContinuous(let id): "/sharing/\(id)/continuous"
        }
    }

    /// The pattern the router matches for a route without parameters.
    var pattern: RouterPath { RouterPath(path) }

    /// The pattern the router matches for a route that names a session, with `:id` in its place.
    static func pattern(_ route: (SessionID) -> SiteRoute) -> RouterPath {
        RouterPath(route(SessionID(rawValue: ":id")).path)
    }

    /// The pattern the router matches for a route with one text parameter, e.g. `:token`.
    static func pattern(_ route: (String) -> SiteRoute, _ parameter: String) -> RouterPath {
        RouterPath(route(":" + parameter).path)
    }
}

/// A 303 See Other to a page: what a form post answers with, so reloading never re-sends it.
func redirect(to route: SiteRoute) -> Response {
    Response(status: .seeOther, headers: [.location: route.path])
}
