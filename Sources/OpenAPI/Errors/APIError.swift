import Foundation
import HTTPTypes
import Hummingbird

/// The one error type of the REST surface. Every failure a client can see is one of these, rendered in one
/// place as API.md §2's body: `{"error": {"code", "message", "field"?}}`.
struct APIError: Error, HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    /// Stable upper-case code clients branch on.
    var code: String
    /// A sentence a person can act on. Never SQL, stack traces or keys.
    var message: String
    /// The one input field at fault, when there is one (`payload.url_type`).
    var field: String?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    var body: Data {
        struct Body: Encodable {
            struct Error: Encodable {
                var code: String
                var message: String
                var field: String?
            }
            var error: Error
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding three strings cannot fail; fall back to a fixed body rather than trap if it ever did.
        return (try? encoder.encode(Body(error: .init(code: code, message: message, field: field))))
            ?? Data(#"{"error":{"code":"INTERNAL","message":"internal error"}}"#.utf8)
    }
}

extension APIError {
    static func notReady(_ message: String) -> APIError {
        APIError(.serviceUnavailable, "NOT_READY", message)
    }
}
