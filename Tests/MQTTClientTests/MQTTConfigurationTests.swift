import MQTTClient
import Testing

@Suite struct MQTTConfigurationTests {
    @Test func plainURLUsesTheDefaultPortWithoutTLSOrCredentials() throws {
        let configuration = try MQTTConfiguration(url: "mqtt://broker.example", clientID: "bridge")
        #expect(configuration.host == "broker.example")
        #expect(configuration.port == 1883)
        #expect(configuration.useTLS == false)
        #expect(configuration.username == nil)
        #expect(configuration.password == nil)
        #expect(configuration.clientID == "bridge")
        #expect(configuration.protocolVersion == .v311)
        #expect(configuration.keepAlive == 30)
        #expect(configuration.cleanSession)
        #expect(configuration.reconnectDelay == 1...30)
    }

    @Test func mqttsMeansTLSOnPort8883() throws {
        let configuration = try MQTTConfiguration(url: "mqtts://broker.example", clientID: "bridge")
        #expect(configuration.useTLS)
        #expect(configuration.port == 8883)
        #expect(configuration.caFile == nil)
    }

    @Test func schemeIsCaseInsensitiveAndAnExplicitPortWins() throws {
        let configuration = try MQTTConfiguration(url: "MQTTS://10.0.0.5:18883/", clientID: "bridge")
        #expect(configuration.useTLS)
        #expect(configuration.host == "10.0.0.5")
        #expect(configuration.port == 18883)
    }

    @Test func userAndPasswordArePercentDecoded() throws {
        let configuration = try MQTTConfiguration(
            url: "mqtt://dock%40site:p%40ss%3Aw0rd%2F%25@broker.example:1884",
            clientID: "bridge"
        )
        #expect(configuration.username == "dock@site")
        #expect(configuration.password == "p@ss:w0rd/%")
        #expect(configuration.host == "broker.example")
        #expect(configuration.port == 1884)
    }

    @Test func userWithoutPassword() throws {
        let configuration = try MQTTConfiguration(url: "mqtt://bridge@broker.example", clientID: "bridge")
        #expect(configuration.username == "bridge")
        #expect(configuration.password == nil)
    }

    @Test func emptyPasswordIsKept() throws {
        let configuration = try MQTTConfiguration(url: "mqtt://bridge:@broker.example", clientID: "bridge")
        #expect(configuration.username == "bridge")
        #expect(configuration.password == "")
    }

    @Test func ipv6LiteralHost() throws {
        let configuration = try MQTTConfiguration(url: "mqtt://[::1]:1885", clientID: "bridge")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 1885)
        #expect(configuration.redactedURL == "mqtt://[::1]:1885")
    }

    @Test func redactedURLNeverShowsThePassword() throws {
        let configuration = try MQTTConfiguration(url: "mqtts://bridge:s3cr%21t@broker.example", clientID: "bridge")
        #expect(configuration.redactedURL == "mqtts://bridge:***@broker.example:8883")
        #expect(!configuration.redactedURL.contains("s3cr"))
    }

    @Test func redactedURLWithoutCredentials() throws {
        let configuration = try MQTTConfiguration(url: "mqtt://127.0.0.1:18830", clientID: "bridge")
        #expect(configuration.redactedURL == "mqtt://127.0.0.1:18830")
    }

    @Test(arguments: [
        "",
        "broker.example:1883",
        "http://broker.example",
        "tcp://broker.example:1883",
        "mqtt://",
        "mqtt://:1883",
        "mqtt://broker.example:",
        "mqtt://broker.example:0",
        "mqtt://broker.example:65536",
        "mqtt://broker.example:+1883",
        "mqtt://broker.example:mqtt",
        "mqtt://broker.example/topic",
        "mqtt://broker.example?clean=false",
        "mqtt://broker.example#x",
        "mqtt://:secret@broker.example",
        "mqtt://user:secret@",
        "mqtt://us%zzer@broker.example",
        "mqtt://[::1",
        "mqtt://[::1]x",
        "mqtt://broker example",
    ])
    func invalidURLsAreRejected(url: String) {
        #expect {
            try MQTTConfiguration(url: url, clientID: "bridge")
        } throws: { error in
            (error as? MQTTError)?.kind == .invalidConfiguration
        }
    }

    @Test func rejectionDoesNotEchoThePassword() {
        do {
            _ = try MQTTConfiguration(url: "mqtt://user:hunter2@broker.example/path", clientID: "bridge")
            Issue.record("expected the URL to be rejected")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
    }
}
