import HTTPTypes
import Hummingbird
import Logging

/// Gives every response an `X-Request-Id` and writes one log line per request carrying the same id
/// (`hb.request.id`), so a client's report of an id leads to the server's log line.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.requestID] = context.id
        let elapsed = ContinuousClock.now - start
        context.logger.log(
            level: response.status.code >= 500 ? .error : .info,
            "\(request.method) \(request.uri.path) \(response.status.code)",
            metadata: [
                "http.route": "\(context.endpointPath ?? "")",
                "http.status": "\(response.status.code)",
                "http.duration_ms":
                    "\(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)",
            ]
        )
        return response
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}
