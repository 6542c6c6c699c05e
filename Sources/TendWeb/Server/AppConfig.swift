import Foundation
import Logging
import Prometheus
import TendApp
import TendVault

/// Everything that varies between one running Tend and another. Built from flags, then the
/// environment, then defaults (see the `tend` command), and passed whole to ``buildApplication(config:)``.
public struct AppConfig: Sendable {
    /// Address to bind. 127.0.0.1 unless the person asks otherwise.
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// Folder holding the embedded database and other local files.
    public var dataDirectory: String
    /// A `postgres://` URL for hosted deployments; nil means SQLite in the data folder.
    public var databaseURL: String?
    /// The cost of deriving keys from passphrases.
    public var scryptCost: ScryptCost
    /// Serve the local network over TLS with a self-signed certificate, so a phone can join.
    public var lan: Bool = false
    /// Minutes without any request after which an unlocked space locks itself.
    public var autoLockMinutes: Int
    /// Further host names this Tend answers to (e.g. a name on the local network), besides
    /// loopback, the listening address and, under `--lan`, this computer's addresses and name.
    public var extraHostNames: [String] = []
    /// Timeouts, sizes and the connection cap every connection lives within.
    public var connectionLimits = ConnectionLimits()
    /// One person's Tend, or a hosted one for many (`--hosted`), with its sign-up rule.
    public var hosting: Hosting = .single
    /// A reverse proxy in front answers over TLS (`--tls-at-proxy`): cookies are then `Secure` and
    /// `__Host-` prefixed, and responses ask browsers to keep to HTTPS, as under `--lan`.
    public var tlsAtProxy = false
    /// Whether people reach this Tend over HTTPS: its own (`--lan`) or a proxy's.
    public var servesHTTPS: Bool { lan || tlsAtProxy }
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the real client (`--trusted-proxy`).
    /// Behind a proxy, without this, every person would share the proxy's guessing limits.
    public var trustedProxies: [String] = []
    /// Where this process's figures go, served at `/metrics` for Prometheus (hosted only); nil
    /// means no metrics.
    public var metrics: PrometheusCollectorRegistry?
    /// The secret every instance of a hosted Tend shares (`TEND_INSTANCE_SECRET`, never stored in
    /// the database): it seals what instances tell each other through PostgreSQL, so a partner's
    /// phone on one instance and the room on another can talk, and a pairing code made on one
    /// instance works on every other. Without it, each instance serves its own partner sessions.
    public var instanceSecret: String?
    /// How verbose the server log is. The log never contains intimate data at any level.
    public var logLevel: Logger.Level

    /// Creates a configuration; every value has a sensible default.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "tend-data",
        databaseURL: String? = nil, scryptCost: ScryptCost = .standard, autoLockMinutes: Int = 15,
        logLevel: Logger.Level = .info
    ) {
        self.autoLockMinutes = autoLockMinutes
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.scryptCost = scryptCost
        self.logLevel = logLevel
    }

    /// Where the `--lan` certificate and key live.
    public var tlsDirectory: URL {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("tls")
    }

    /// Where the data lives.
    public var dataLocation: DataLocation {
        DataLocation(dataDirectory: dataDirectory, databaseURL: databaseURL)
    }
}
