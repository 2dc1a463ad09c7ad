import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A mosquitto broker process owned by one test, for what the shared broker cannot do: stop, restart on the
/// same port, freeze, refuse clients.
///
/// Its configuration lives in a temporary directory; the port is chosen once, so a restarted broker is
/// reachable at the same URL and a client's automatic reconnect finds it.
public final class TestBroker: Sendable {
    public let port: Int
    private let directory: URL
    private let running = Mutex<(process: Process, exited: AsyncStream<Void>)?>(nil)

    /// Writes the configuration; `extraConfiguration` lines are appended (they may override the defaults).
    /// `accessRules` become the broker's ACL file (mosquitto's `topic read|write|readwrite FILTER` lines).
    public init(extraConfiguration: [String] = [], accessRules: [String]? = nil) throws {
        port = try Self.freePort()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("dockgate-mqtt-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lines =
            [
                "listener \(port) 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                // mosquitto's defaults drop QoS 1 messages under load (see deploy/mosquitto/local.conf).
                "max_queued_messages 100000",
                "max_inflight_messages 0",
                "log_dest stdout",
            ] + extraConfiguration
        if let accessRules {
            let aclFile = directory.appendingPathComponent("acl.conf")
            try (accessRules.joined(separator: "\n") + "\n").write(to: aclFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: aclFile.path)
            lines.append("acl_file \(aclFile.path)")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: configurationFile, atomically: true, encoding: .utf8)
        // Run as root, mosquitto drops to the `mosquitto` user; keep its files readable for it.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: configurationFile.path)
    }

    public var url: String { "mqtt://127.0.0.1:\(port)" }

    private var configurationFile: URL { directory.appendingPathComponent("mosquitto.conf") }
    private var logFile: URL { directory.appendingPathComponent("broker.log") }

    /// Starts the broker and returns once its port accepts connections.
    public func start() async throws {
        let process = Process()
        process.executableURL = try Self.executable()
        process.arguments = ["-c", configurationFile.path]
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        process.standardOutput = log
        process.standardError = log
        let (exited, exitContinuation) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exitContinuation.finish() }
        try process.run()
        running.withLock { $0 = (process, exited) }

        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while !Self.accepts(port: port) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw BrokerFailure(description: "mosquitto did not start; its log:\n\(self.log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the broker and waits until it exited. The kernel closes its connections; the client sees the
    /// same end of stream as after a clean broker shutdown.
    ///
    /// SIGKILL, because SIGTERM does not work here: Foundation's `Process` spawns the broker from a Dispatch
    /// worker thread, whose signal mask blocks SIGTERM; the broker inherits that mask, and mosquitto 2.0
    /// waits for events with the inherited mask (`epoll_pwait`), so it would never see the SIGTERM.
    public func stop() async {
        guard
            let (process, exited) = running.withLock({ state in
                defer { state = nil }
                return state
            })
        else {
            return
        }
        Glibc.kill(process.processIdentifier, SIGKILL)
        for await _ in exited {}
    }

    /// Freezes the broker with SIGSTOP: connections stay open, but nothing is read or answered.
    public func suspend() {
        if let process = running.withLock({ $0?.process }) {
            Glibc.kill(process.processIdentifier, SIGSTOP)
        }
    }

    /// Stops the broker if it runs and deletes its directory.
    public func remove() async {
        await stop()
        try? FileManager.default.removeItem(at: directory)
    }

    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    private static func executable() throws -> URL {
        let candidates =
            ["/usr/sbin/mosquitto"]
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/mosquitto" }
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BrokerFailure(description: "no mosquitto executable in /usr/sbin or PATH (apt-get install mosquitto)")
        }
        return URL(fileURLWithPath: path)
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it).
    public static func freePort() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw BrokerFailure(description: "socket() failed: \(errno)") }
        defer { close(socketDescriptor) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                guard bind(socketDescriptor, socketAddress, length) == 0 else { return Int32(-1) }
                return getsockname(socketDescriptor, socketAddress, &length)
            }
        }
        guard result == 0 else { throw BrokerFailure(description: "could not reserve a port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(port: Int) -> Bool {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { return false }
        defer { close(socketDescriptor) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

public struct BrokerFailure: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}
