import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What the bridge says about itself (its Prometheus counters) and what the kernel says about it (/proc).
struct BridgeProbe {
    var messages: Double
    var batches: Double
    var rows: Double
    var cpuSeconds: Double
    var rssMB: Double

    static func read(metricsURL: String, pid: Int32) async throws -> BridgeProbe {
        guard let url = URL(string: metricsURL) else { throw ProbeError("bad metrics URL \(metricsURL)") }
        let (data, _) = try await URLSession.shared.data(from: url)
        let text = String(decoding: data, as: UTF8.self)
        return BridgeProbe(
            messages: sum(text, metric: "dockgate_bridge_messages_total", label: #"kind="osd""#),
            batches: sum(text, metric: "dockgate_bridge_db_batches_total", label: #"kind="telemetry""#),
            rows: sum(text, metric: "dockgate_bridge_db_rows_total", label: #"kind="telemetry""#),
            cpuSeconds: try cpuSeconds(pid: pid),
            rssMB: try rssMB(pid: pid)
        )
    }

    /// The sum of a counter's samples whose labels contain `label`.
    static func sum(_ text: String, metric: String, label: String) -> Double {
        text.split(separator: "\n").filter { $0.hasPrefix(metric) && $0.contains(label) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0, +)
    }

    /// utime + stime of /proc/PID/stat, in seconds (fields 14 and 15, after the parenthesised command).
    static func cpuSeconds(pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        guard let close = stat.lastIndex(of: ")") else { throw ProbeError("unreadable /proc/\(pid)/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw ProbeError("unreadable /proc/\(pid)/stat")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func rssMB(pid: Int32) throws -> Double {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { throw ProbeError("no VmRSS in /proc/\(pid)/status") }
        return kilobytes / 1024
    }
}

struct ProbeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
