import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Metrics
import Prometheus
import Shared
import Testing

@testable import OpenAPI

/// The process-wide metrics backend can be installed once; every test that needs it shares this registry.
enum TestMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

@Suite struct MetricsTests {
    @Test func requestsAndAuthFailuresAreCounted() async throws {
        let fixture = try await APIFixture.make()
        let registry = TestMetrics.registry
        let app = try await buildApplication(
            configuration: fixture.configuration,
            logger: .init(label: "test"),
            metrics: registry
        )
        try await app.test(.router) { client in
            _ = try await client.send(.get, "/api/v1/open/devices")
            _ = try await client.send(.get, "/healthz")
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#"dockgate_auth_failures_total{code="MISSING_AUTH"}"#))
                #expect(text.contains("hb_requests"))
                #expect(text.contains(#"http_route="/healthz""#))
            }
        }
        try await fixture.drop()
    }
}
