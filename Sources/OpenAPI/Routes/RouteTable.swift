import HTTPTypes
import Hummingbird
import Synchronization

/// The API's routes as (method, path pattern) pairs, so a request for a known path with the wrong method is
/// answered 405 with `Allow`, where Hummingbird's router alone would answer 404.
///
/// A class because the error middleware is built before the routes are registered (Hummingbird applies
/// middleware to the routes added after it); the table is filled while the app is built and only read after.
final class RouteTable: Sendable {
    private let routes = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])

    /// Records a route; `{name}` segments match any one segment.
    func add(_ method: HTTPRequest.Method, _ path: String) {
        let segments = path.split(separator: "/")
        routes.withLock { $0.append((method, segments)) }
    }

    /// The methods of the routes whose pattern matches `path`.
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.withLock { routes in
            routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { pattern, segment in
                        (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
                    }
            }.map(\.method)
        }
    }
}

extension RouterMethods {
    /// Adds a route and records it in `table`. Paths use Hummingbird's `{name}` parameters.
    @discardableResult
    func on(
        _ method: HTTPRequest.Method,
        _ path: String,
        recordedIn table: RouteTable,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        table.add(method, path)
        return on(RouterPath(path), method: method, use: handler)
    }
}
