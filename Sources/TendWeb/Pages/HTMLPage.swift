import Hummingbird

/// A rendered page, ready to send.
struct HTMLPage: ResponseGenerator {
    let html: String
    let status: HTTPResponse.Status

    init(_ html: String, status: HTTPResponse.Status = .ok) {
        self.html = html
        self.status = status
    }

    func response() -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }
}
