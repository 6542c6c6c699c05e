/// Every address Tend serves. Routes are registered and links are built from this one list,
/// so no path is typed twice.
enum SiteRoute {
    case home
    case health

    var path: String {
        switch self {
        case .home: "/"
        case .health: "/healthz"
        }
    }
}
