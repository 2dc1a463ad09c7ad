import Foundation
import TestSupport

/// A throwaway CA and a server certificate for 127.0.0.1, made with the `openssl` command line tool, for a
/// TLS listener of a `TestBroker`.
struct TestCertificateAuthority {
    let directory: URL

    var caFile: String { directory.appendingPathComponent("ca.crt").path }
    var serverCertificateFile: String { directory.appendingPathComponent("server.crt").path }
    var serverKeyFile: String { directory.appendingPathComponent("server.key").path }

    /// mosquitto configuration lines that make the listener before them a TLS listener with the server certificate.
    var listenerConfiguration: [String] {
        [
            "cafile \(caFile)",
            "certfile \(serverCertificateFile)",
            "keyfile \(serverKeyFile)",
        ]
    }

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("dockgate-mqtt-test-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "subjectAltName=IP:127.0.0.1\n".write(
            to: directory.appendingPathComponent("server.ext"),
            atomically: true,
            encoding: .utf8
        )
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(
            ["req", "-x509"] + key + [
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=dockgate test CA",
            ])
        try openssl(["req"] + key + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"])
        try openssl([
            "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.crt", "-days", "2", "-extfile", "server.ext",
        ])
        // Run as root, mosquitto drops to the `mosquitto` user before it reads the key.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        for file in ["ca.crt", "server.crt", "server.key"] {
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o644],
                ofItemAtPath: directory.appendingPathComponent(file).path
            )
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Blocks this thread for the few milliseconds openssl needs; only test setup does this.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BrokerFailure(description: "openssl \(arguments.joined(separator: " ")) failed:\n\(text)")
        }
    }
}
