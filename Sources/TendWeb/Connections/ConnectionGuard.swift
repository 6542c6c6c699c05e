import Foundation
import NIOCore

/// The limits every connection lives within. Checked on the raw bytes, before any HTTP parsing,
/// so a hostile or broken client costs little and always gets an answer.
public struct ConnectionLimits: Sendable {
    /// How long a connection may sit with no request in progress, and how long a request's head
    /// (or a pause inside its body) may take to arrive.
    public var idleTimeout: TimeAmount
    /// How many connections are served at once; beyond it, new ones wait to be accepted.
    public var maxConnections: Int
    /// The request line and headers together.
    public var maxHeadBytes = 16 * 1024
    /// The request target (path and query).
    public var maxTargetBytes = 8 * 1024
    /// How many header lines a request may carry.
    public var maxHeaderLines = 100
    /// A body anywhere but the upload route: forms and JSON are small.
    public var maxBodyBytes = 64 * 1024
    /// A body on the upload route (an export brought into a new space).
    public var maxUploadBytes = 64 << 20
    /// The one path that accepts a large body.
    public var uploadPath = SiteRoute.setUpFromExport.path
    /// A body carrying a whole session programme (its form, or the API's offer): some fifty texts
    /// of up to 1,000 characters, each character up to nine bytes once form-encoded.
    public static let programmeBodyBytes = 512 * 1024

    /// Limits with the given timeout and connection cap, the rest at their defaults.
    public init(idleTimeout: TimeAmount = .seconds(30), maxConnections: Int = 512) {
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// The largest body a request to `path` may carry.
    func maxBody(for path: Substring) -> Int {
        if path == uploadPath { return maxUploadBytes }
        return Self.carriesProgramme(path) ? max(maxBodyBytes, Self.programmeBodyBytes) : maxBodyBytes
    }

    /// Whether a request to `path` may carry a whole programme: a practitioner's programme form, or an offer through the API.
    static func carriesProgramme(_ path: Substring) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return (parts.count == 5 && parts[1] == "practitioner" && parts[2] == "people" && parts[4] == "programme")
            || (parts.count == 7 && parts[1] == "api" && parts[2] == "v1" && parts[3] == "practitioner" && parts[4] == "people" && parts[6] == "offers")
    }
}

/// Sits first on every connection (after TLS) and reads the raw bytes before the HTTP parser does.
///
/// It answers, and then closes, anything that would otherwise hang or cost the server: a head that
/// is too large (431) or has a too-long target (414), a body over the route's limit (413, before
/// a byte of it is read when its length is declared, as soon as it passes the limit when chunked), ambiguous framing that could smuggle a second request (400), a
/// head or body that stalls (408), and a malformed request line (400). A request that asks to
/// become a WebSocket is passed through untouched after its head.
///
/// Idle time between requests is the HTTP layer's own timeout; this guard times the first request
/// (before the HTTP layer has started its clock), every head once its first byte arrives, and every
/// body. On a graceful stop it closes a connection that has no request in progress at once.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// Waiting for (the rest of) a request head; `first` until one has been read.
        case head(first: Bool)
        /// Passing on this many more body bytes.
        case body(remaining: Int)
        /// Passing on a chunked body until its end.
        case chunked(ChunkedBody)
        /// A WebSocket: bytes are no longer HTTP.
        case passthrough
        /// An answer was sent and the connection is closing.
        case refused
    }

    private let limits: ConnectionLimits
    private var state = State.head(first: true)
    private var pending: ByteBuffer?
    private var deadline: Scheduled<Void>?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startClock(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startClock(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopClock()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopClock()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, awaitingHead {
            // Nothing is in progress here that a graceful stop should wait for.
            stopClock()
            state = .refused
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        while bytes.readableBytes > 0 {
            switch state {
            case .refused:
                return
            case .passthrough:
                context.fireChannelRead(wrapInboundOut(bytes))
                return
            case .body(let remaining):
                let count = min(remaining, bytes.readableBytes)
                if let slice = bytes.readSlice(length: count) {
                    context.fireChannelRead(wrapInboundOut(slice))
                }
                if remaining == count {
                    state = .head(first: false)
                    stopClock()
                } else {
                    state = .body(remaining: remaining - count)
                    startClock(context)
                }
            case .chunked(var body):
                let step = body.read(bytes.readableBytesView)
                switch step {
                case .refused(let refusal):
                    refuse(refusal, context: context)
                    return
                case .more:
                    state = .chunked(body)
                    context.fireChannelRead(wrapInboundOut(bytes))
                    startClock(context)
                    return
                case .ended(let count):
                    if let slice = bytes.readSlice(length: count) {
                        context.fireChannelRead(wrapInboundOut(slice))
                    }
                    state = .head(first: false)
                    stopClock()
                }
            case .head:
                if pending == nil, bytes.readableBytes > 0 { startClock(context) }
                var buffer = pending ?? context.channel.allocator.buffer(capacity: bytes.readableBytes)
                buffer.writeBuffer(&bytes)
                pending = buffer
                guard let headLength = Self.headLength(in: buffer) else {
                    if let refusal = Self.refusalOfIncompleteHead(buffer, limits: limits) {
                        refuse(refusal, context: context)
                    }
                    return
                }
                pending = nil
                guard let head = buffer.readSlice(length: headLength) else { return }
                switch RequestHead.check(head, limits: limits) {
                case .refused(let refusal):
                    refuse(refusal, context: context)
                    return
                case .accepted(let body, let upgrade):
                    context.fireChannelRead(wrapInboundOut(head))
                    switch body {
                    case _ where upgrade:
                        state = .passthrough
                        stopClock()
                    case .length(let length) where length > 0:
                        state = .body(remaining: length)
                        startClock(context)
                    case .length:
                        state = .head(first: false)
                        stopClock()
                    case .chunked(let limit):
                        state = .chunked(ChunkedBody(limit: limit))
                        startClock(context)
                    }
                }
                bytes = buffer
            }
        }
    }

    private var awaitingHead: Bool {
        if case .head(let first) = state { return first || pending != nil }
        return false
    }

    private func startClock(_ context: ChannelHandlerContext) {
        stopClock()
        deadline = context.eventLoop.scheduleTask(in: limits.idleTimeout) { [weak self] in
            self?.refuse(.timedOut, context: context)
        }
    }

    private func stopClock() {
        deadline?.cancel()
        deadline = nil
    }

    @discardableResult
    private func refuse(_ refusal: Refusal, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        if case .refused = state { return context.channel.closeFuture }
        state = .refused
        pending = nil
        stopClock()
        return context.writeAndFlush(wrapOutboundOut(refusal.response(allocator: context.channel.allocator)))
            .flatMapAlways { _ in context.close() }
    }

    /// Answers the request in progress on `channel` from here, past the HTTP layer, and closes the
    /// connection once the answer is written. For refusals the HTTP layer cannot word itself (a
    /// WebSocket upgrade it will not make).
    static func answer(_ refusal: Refusal, on channel: any Channel) async {
        let closed = channel.eventLoop.flatSubmit { () -> EventLoopFuture<Void> in
            guard let handler = try? channel.pipeline.syncOperations.handler(type: ConnectionGuard.self),
                let context = try? channel.pipeline.syncOperations.context(handlerType: ConnectionGuard.self)
            else { return channel.close() }
            return handler.refuse(refusal, context: context)
        }
        try? await closed.get()
    }

    /// The length of the head (through its blank line) at the start of `buffer`, once complete.
    static func headLength(in buffer: ByteBuffer) -> Int? {
        let view = buffer.readableBytesView
        var index = view.startIndex
        while index < view.endIndex {
            if view[index] == UInt8(ascii: "\n") {
                // A blank line ends the head: "\n\n" or "\n\r\n".
                let next = view.index(after: index)
                if next < view.endIndex, view[next] == UInt8(ascii: "\n") { return next + 1 - view.startIndex }
                let afterReturn = view.index(after: next)
                if next < view.endIndex, view[next] == UInt8(ascii: "\r"), afterReturn < view.endIndex,
                    view[afterReturn] == UInt8(ascii: "\n")
                {
                    return afterReturn + 1 - view.startIndex
                }
            }
            index = view.index(after: index)
        }
        return nil
    }

    /// A refusal for a head still arriving that is already too long.
    static func refusalOfIncompleteHead(_ buffer: ByteBuffer, limits: ConnectionLimits) -> Refusal? {
        let view = buffer.readableBytesView
        if view.firstIndex(of: UInt8(ascii: "\n")) == nil, view.count > limits.maxTargetBytes + 32 { return .targetTooLong }
        return view.count > limits.maxHeadBytes ? .headTooLarge : nil
    }
}
