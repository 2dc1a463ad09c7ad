import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Shared

/// Turns every error a route or middleware throws into API.md §2's body, in this one place: the `APIError`s
/// the code throws on purpose, Hummingbird's own 404/413, malformed JSON, and — for anything unexpected — a
/// 500 that names only the request id (the error itself goes to the log, never to the client).
struct ErrorMappingMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let apiError = map(error, request: request, context: context)
            var response = try apiError.response(from: request, context: context)
            if apiError.status == .methodNotAllowed {
                response.headers[.allow] = routes.methods(matching: request.uri.path).map(\.rawValue).joined(
                    separator: ", ")
            }
            return response
        }
    }

    private func map(_ error: any Error, request: Request, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case is NIOTooManyBytesError:
            return .payloadTooLarge
        case let error as PostgresError where error.kind == .connection || error.kind == .closed:
            // API.md §2: 503 when the database is unreachable; the client may retry, nothing was half done.
            context.logger.warning("database unreachable", metadata: ["error": "\(error)"])
            return .notReady("database unreachable")
        case is DecodingError:
            return .malformedJSON("the body is not the JSON this route expects")
        case let error as any HTTPResponseError:
            switch error.status {
            case .notFound:
                let allowed = routes.methods(matching: request.uri.path)
                if !allowed.isEmpty && !allowed.contains(request.method) {
                    return APIError(
                        .methodNotAllowed, "METHOD_NOT_ALLOWED",
                        "\(request.method) is not allowed on \(request.uri.path)")
                }
                return APIError(.notFound, "NOT_FOUND", "no route \(request.method) \(request.uri.path)")
            case .contentTooLarge:
                return .payloadTooLarge
            case .badRequest:
                return .malformedJSON("the body is not valid JSON")
            default:
                return APIError(error.status, "HTTP_\(error.status.code)", error.status.reasonPhrase)
            }
        default:
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(
                .internalServerError, "INTERNAL", "internal error; quote request id \(context.id) to the operator")
        }
    }
}

extension APIError {
    static let payloadTooLarge = APIError(.contentTooLarge, "PAYLOAD_TOO_LARGE", "the body is larger than 1 MiB")

    static func malformedJSON(_ message: String) -> APIError {
        APIError(.badRequest, "MALFORMED_JSON", message)
    }
}
