import Metrics
import Prometheus

/// Tend's operational figures, for a hosted Tend's operator: requests by route pattern (never a
/// path's own values), open live rooms, signals relayed, group-commit times and unlock outcomes.
/// Never a name, a token, or anything a person keeps.
public enum Observability {
    /// Sends every swift-metrics figure in this process to `registry`. Call once per process (the
    /// `tend` command does, when hosting).
    public static func bootstrap(_ registry: PrometheusCollectorRegistry) {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// Live rooms open in this instance.
    static let liveRooms = Gauge(label: "tend_live_rooms")
    /// Signals accepted by this instance's rooms.
    static let signals = Metrics.Counter(label: "tend_live_signals_total")
    /// How long each group commit took.
    static let groupCommit = Metrics.Timer(label: "tend_group_commit_seconds")
    /// Unlock attempts by outcome ("opened", "refused").
    static func unlocks(_ outcome: String) -> Metrics.Counter {
        Metrics.Counter(label: "tend_unlocks_total", dimensions: [("outcome", outcome)])
    }
}
