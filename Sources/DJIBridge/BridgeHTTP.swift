import HTTPTypes
import Hummingbird
import Logging
import MQTTClient
import Prometheus
import Shared

/// The bridge's own small HTTP surface for operators and orchestrators: `GET /healthz` (broker connected and
/// database reachable) and `GET /metrics` (Prometheus text). It serves no tenant data.
enum BridgeHTTP {
    static func application(
        host: String,
        port: Int,
        mqtt: MQTTClient,
        pool: PostgresPool,
        registry: PrometheusCollectorRegistry,
        logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("healthz") { _, _ -> Response in
            var problems: [String] = []
            if mqtt.state != .connected { problems.append("MQTT broker not connected") }
            do {
                try await pool.query(HealthQueries.ping())
            } catch {
                problems.append("database unreachable")
            }
            let body = problems.isEmpty ? #"{"status":"ok"}"# : #"{"status":"unhealthy","problems":\#(problems)}"#
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(
                status: problems.isEmpty ? .ok : .serviceUnavailable,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
        router.get("metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "dockgate-bridge"),
            logger: logger
        )
    }
}
