import Foundation
import HTTPTypes
import Hummingbird

/// A JSON body with a status, encoded with sorted keys and unescaped slashes (URLs in payloads stay readable).
struct JSONResponse<Body: Encodable & Sendable>: ResponseGenerator, Sendable {
    var status: HTTPResponse.Status = .ok
    var headers = HTTPFields()
    var body: Body

    init(_ body: Body, status: HTTPResponse.Status = .ok) {
        self.body = body
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }
}
