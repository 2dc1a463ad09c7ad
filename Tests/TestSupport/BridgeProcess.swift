import Foundation

/// The built `dji-bridge` binary running as a child process, as an operator runs it: configured by environment,
/// stopped by a signal. Its output goes to a file whose path tests print when they fail.
public final class BridgeProcess {
    /// `dji-bridge` sits next to the test bundle in the build folder (`swift build --build-tests` builds it).
    public static var binary: URL {
        BuiltBinary.url("dji-bridge")
    }

    public let logFile: URL
    private let process = Process()

    /// Starts the bridge against `databaseURL` and `mqttURL` with its own MQTT client id, plus `environment`.
    ///
    /// Bridges on one database share their uplink subscriptions in a group named after the database: tests on
    /// the shared broker run in parallel, and a bridge of another test must never take this test's messages.
    public init(
        databaseURL: String, mqttURL: String, clientID: String, logLevel: String = "info",
        environment: [String: String] = [:]
    ) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dockgate-test-bridges")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        logFile = directory.appendingPathComponent("\(clientID).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: logFile)
        process.executableURL = Self.binary
        process.environment = [
            "DATABASE_URL": databaseURL, "MQTT_URL": mqttURL, "MQTT_CLIENT_ID": clientID, "LOG_LEVEL": logLevel,
            "BRIDGE_HTTP_PORT": "0", "MQTT_SHARE_GROUP": Self.shareGroup(databaseURL: databaseURL),
            "PATH": "/usr/bin:/bin",
        ].merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    /// A group name only bridges of this database use: FNV-1a of the connection string, stable across runs.
    public static func shareGroup(databaseURL: String) -> String {
        let hash = databaseURL.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        return "dockgate-test-\(String(hash, radix: 16))"
    }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` (SIGKILL: no chance to clean up) and waits for the process to end.
    public func stop(signal: Int32) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    /// What the bridge wrote so far.
    public var log: String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
