import Hummingbird
import NIOCore
import TendVault

/// What every Tend route knows about the request beyond the request itself.
public struct TendRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The unlocked space this browser holds a key to, if any.
    var space: UnlockedSpace?
    /// The token of that unlocked space (the session cookie's value).
    var spaceToken: String?
    /// This browser's anti-forgery token; forms and API calls echo it back.
    var csrfToken: String = ""
    /// Whether this browser chose the light theme (dark is the default).
    var prefersLight = false
    /// Whether this browser chose discreet mode.
    var discreet = false
    /// The path of this request, so a page can offer a way back to itself.
    var currentPath = "/"
    /// A `multipart/form-data` body (a form with a file), read once when the anti-forgery token is checked.
    var uploadedForm: UploadedForm?

    /// The connection this request came on (closed early after refusing a large upload).
    let channel: any Channel

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The address a trusted proxy says the request came from (see `ForwardedForMiddleware`).
    var forwardedFor: String?

    /// The address the request came from, for per-client limits ("unknown" in in-process tests).
    var clientAddress: String { forwardedFor ?? channel.remoteAddress?.ipAddress ?? "unknown" }

    /// Requests carry small forms and JSON only.
    public var maxUploadSize: Int { 64 * 1024 }

    /// The largest body read for a request to `path`: small, but a whole programme where one is sent.
    func bodyLimit(for path: String) -> Int {
        ConnectionLimits.carriesProgramme(path[...]) ? ConnectionLimits.programmeBodyBytes : maxUploadSize
    }
}
