import Foundation
import Shared
import TestSupport
import Testing

/// The built `dji-bridge` binary as operators run it: two processes sharing one database, and a process killed
/// with SIGKILL in the middle of the traffic. Whatever happens, no command reaches a dock twice.
@Suite(.timeLimit(.minutes(3))) struct DownlinkProcessTests {
    func startBridge(_ fixture: DownlinkFixture, _ name: String) throws -> BridgeProcess {
        #expect(FileManager.default.isExecutableFile(atPath: BridgeProcess.binary.path), "build dji-bridge first")
        return try BridgeProcess(
            databaseURL: fixture.database.url, mqttURL: try TestServers.mqttURL, clientID: "\(fixture.prefix)-\(name)")
    }

    @Test func twoBridgesPublishEachOf200CommandsExactlyOnce() async throws {
        let fixture = try await DownlinkFixture.make()
        let dock = try fixture.dock("dock")
        try await fixture.register(dock)
        try await dock.withRunning {
            let first = try startBridge(fixture, "bridge-1")
            let second = try startBridge(fixture, "bridge-2")
            var commands: [DownlinkCommandRecord] = []
            for _ in 0..<200 {
                commands.append(try await fixture.command(dock.sn, "supplement_light_open", timeoutSeconds: 60))
            }
            for command in commands {
                let done = try await fixture.finished(command, timeout: .seconds(60))
                #expect(done.status == .succeeded, "\(first.logFile.path) \(second.logFile.path)")
            }
            let counts = dock.callCounts
            #expect(counts.count == 200)
            #expect(counts.values.allSatisfy { $0 == 1 })
            #expect(Set(counts.keys) == Set(commands.map { NotificationChannel.payload($0.tid) }))
            first.stop(signal: SIGTERM)
            second.stop(signal: SIGTERM)
        }
        try await fixture.drop()
    }

    @Test func aBridgeKilledMidStreamNeverRepublishesAndEveryCommandEnds() async throws {
        let fixture = try await DownlinkFixture.make()
        let dock = try fixture.dock("dock", defaultBehaviour: .late(.milliseconds(20), .succeed))
        try await fixture.register(dock)
        try await dock.withRunning {
            let killed = try startBridge(fixture, "killed")
            var commands: [DownlinkCommandRecord] = []
            for index in 0..<200 {
                commands.append(try await fixture.command(dock.sn, "supplement_light_close", timeoutSeconds: 8))
                if index == 60 {
                    // Mid-stream: the bridge has published some commands, others are claimed or in flight.
                    let published = await Eventually.check { dock.callCounts.count >= 20 }
                    #expect(published, "\(killed.logFile.path)")
                    killed.stop(signal: SIGKILL)
                }
            }
            let restarted = try startBridge(fixture, "restarted")
            var statuses: [CommandStatus: Int] = [:]
            for command in commands {
                let done = try await fixture.finished(command, timeout: .seconds(30))
                #expect(done.status.isTerminal, "\(restarted.logFile.path)")
                statuses[done.status, default: 0] += 1
                let calls = dock.callCount(tid: NotificationChannel.payload(command.tid))
                #expect(calls <= 1, "published \(calls) times")
                if done.status == .succeeded { #expect(calls == 1) }
                if calls == 0 { #expect(done.status == .timedOut) }
            }
            #expect(dock.callCounts.values.allSatisfy { $0 == 1 })
            // The restarted bridge did the rest of the work: the commands accepted while no bridge ran.
            #expect((statuses[.succeeded] ?? 0) >= 139)
            restarted.stop(signal: SIGTERM)
        }
        try await fixture.drop()
    }
}
