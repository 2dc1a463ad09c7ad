import Foundation

/// What the machine itself allows, measured by `dockgate-bench ceilings` on the same broker and database as the
/// other benchmarks: the rates dockgate's own numbers are divided by. Stored as one `key=value` line.
struct Ceilings {
    var values: [String: Double]

    /// PostgreSQL single-row INSERT+COMMIT per second with `clients` clients (`pgbench`).
    static func commitKey(clients: Int) -> String { "pg_commits_per_s_c\(clients)" }

    /// mosquitto publisher→subscriber messages per second for a payload kind (`osd`, `services`) and QoS.
    static func mqttKey(payload: String, qos: Int) -> String { "mqtt_qos\(qos)_\(payload)_per_s" }

    static func read(_ path: String) throws -> Ceilings {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var values: [String: Double] = [:]
        for field in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = field.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        guard !values.isEmpty else { throw BenchError("\(path) holds no ceilings (key=value)") }
        return Ceilings(values: values)
    }

    var line: String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.0f", $0.value))" }
            .joined(separator: " ")
    }

    /// Commands/s as a share of the database's commit rate with 8 clients (each command costs several commits:
    /// nonce, insert, claim, delivery, reply) and of the broker's QoS 1 rate for services-sized messages (each
    /// command is two such messages: the call and the reply).
    func ratios(commandsPerSecond rate: Double) -> [String: String] {
        var ratios: [String: String] = [:]
        if let commits = values[Self.commitKey(clients: 8)], commits > 0 {
            ratios["ratio_to_pg_commits_c8"] = String(format: "%.3f", rate / commits)
        }
        if let mqtt = values[Self.mqttKey(payload: "services", qos: 1)], mqtt > 0 {
            ratios["ratio_to_mqtt_qos1_services"] = String(format: "%.3f", rate / mqtt)
        }
        return ratios
    }

    /// OSD messages ingested per second as a share of the broker's QoS 1 and QoS 0 rates for OSD-sized messages.
    func ratios(osdPerSecond rate: Double) -> [String: String] {
        var ratios: [String: String] = [:]
        for qos in [0, 1] {
            if let mqtt = values[Self.mqttKey(payload: "osd", qos: qos)], mqtt > 0 {
                ratios["ratio_to_mqtt_qos\(qos)_osd"] = String(format: "%.3f", rate / mqtt)
            }
        }
        return ratios
    }
}
