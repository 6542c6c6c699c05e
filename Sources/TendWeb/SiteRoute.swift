import TendCore

/// Every page address Tend serves. Routes are registered and links are built from this one
/// list, so no path is typed twice.
enum SiteRoute {
    case home
    case health
    case setUp
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
    case article(String)

    /// The path, for links and form actions.
    var path: String {
        switch self {
        case .home: "/"
        case .health: "/healthz"
        case .setUp: "/setup"
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
        case .article(let slug): "/library/\(slug)"
        }
    }

    /// The pattern the router matches, with `:id` in place of a session's identifier.
    var pattern: String {
        switch self {
        case .session: SiteRoute.session(Self.idParameter).path
        case .sessionEvents: SiteRoute.sessionEvents(Self.idParameter).path
        case .intakeResult: SiteRoute.intakeResult(Self.idParameter.rawValue).path
        case .article: SiteRoute.article(Self.idParameter.rawValue).path
        default: path
        }
    }

    private static let idParameter = SessionID(rawValue: ":id")
}
