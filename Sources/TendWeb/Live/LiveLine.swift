import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// One device's connection, as a room writes to it: a WebSocket (``WebSocketLine``), or in tests a
/// line that records what it was sent.
protocol LiveLine: Sendable {
    /// Queues a text frame.
    func send(_ text: String)
    /// Closes the connection with a reason, after what was already sent.
    func close(_ code: Live.Close) async
}

/// A device's WebSocket connection.
///
/// Text frames go straight onto the connection's NIO channel: the write is queued on the channel's
/// event loop in the order the room makes it, with no task or stream in between. Every signal
/// sends two frames (the relay and the ack), so each hop saved counts (decision 008). Closing goes
/// through the WebSocket library, which runs the closing handshake; it is queued after every frame
/// already written.
struct WebSocketLine: LiveLine {
    let channel: any Channel
    let outbound: WebSocketOutboundWriter

    /// Queues a text frame.
    func send(_ text: String) {
        let frame = WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text))
        channel.writeAndFlush(frame, promise: nil)
    }

    /// Closes the connection with a reason, after what was already sent.
    func close(_ code: Live.Close) async {
        try? await outbound.close(.init(codeNumber: Int(code.rawValue)), reason: code.reason)
    }
}
