import Foundation

/// A `TestBroker` with mosquitto's dynamic security plugin and anonymous access off, the way the shipped broker
/// runs: `mosquitto_ctrl dynsec init` makes the plugin's file with one administrator, who can then create every
/// other account over `$CONTROL/dynamic-security/v1`.
public struct DynamicSecurityBroker: Sendable {
    public static let pluginPath = "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so"

    public let broker: TestBroker
    public let adminUsername = "admin"
    public let adminPassword: String
    private let directory: URL

    /// Writes the plugin's file and the broker's configuration; call ``TestBroker/start()`` on ``broker``.
    public init() throws {
        guard FileManager.default.fileExists(atPath: Self.pluginPath) else {
            throw BrokerFailure(
                description: "no dynamic security plugin at \(Self.pluginPath) (apt-get install mosquitto)")
        }
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("dockgate-dynsec-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        adminPassword = UUID().uuidString
        let file = directory.appendingPathComponent("dynamic-security.json")
        let control = Process()
        control.executableURL = URL(fileURLWithPath: "/usr/bin/mosquitto_ctrl")
        control.arguments = ["dynsec", "init", file.path, adminUsername, adminPassword]
        control.standardOutput = FileHandle.nullDevice
        try control.run()
        control.waitUntilExit()
        guard control.terminationStatus == 0 else {
            throw BrokerFailure(description: "mosquitto_ctrl dynsec init exited with \(control.terminationStatus)")
        }
        // Run as root, mosquitto drops to the `mosquitto` user, and the plugin saves every change by writing
        // a new file next to the old one: both the file and its directory must be writable for that user.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: file.path)
        broker = try TestBroker(extraConfiguration: [
            // TestBroker's defaults allow anonymous clients; a later line wins.
            "allow_anonymous false",
            "plugin \(Self.pluginPath)",
            "plugin_opt_config_file \(file.path)",
        ])
    }

    /// `mqtt://user:password@127.0.0.1:port` (user and password must not need percent-encoding).
    public func url(username: String, password: String) -> String {
        "mqtt://\(username):\(password)@127.0.0.1:\(broker.port)"
    }

    public var adminURL: String { url(username: adminUsername, password: adminPassword) }

    /// Stops the broker and deletes its files.
    public func remove() async {
        await broker.remove()
        try? FileManager.default.removeItem(at: directory)
    }
}
