import Foundation
import HTTPTypes
import Hummingbird
import Prometheus

/// Unsigned routes for operators and tools: `GET /metrics` (Prometheus text) and the OpenAPI document at
/// `GET /api/v1/open/openapi.yaml`.
struct OperationsRoutes: Sendable {
    let registry: PrometheusCollectorRegistry
    /// `docs/openapi.yaml`, embedded in the binary by `OpenAPIDocument`.
    let openAPIDocument: String

    func add(to router: Router<APIRequestContext>, table: RouteTable) {
        router.on(.get, "/metrics", recordedIn: table) { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.on(.get, "/api/v1/open/openapi.yaml", recordedIn: table) { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: openAPIDocument)))
        }
    }
}
