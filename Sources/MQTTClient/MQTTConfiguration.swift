/// Where and how the client connects.
///
/// Usually made from a URL (`mqtt://user:pass@host:1883`, `mqtts://host`) with ``init(url:clientID:)``;
/// the other properties keep their documented defaults unless the caller changes them.
public struct MQTTConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    /// Connect with TLS (`mqtts://`). The broker's certificate is checked against ``caFile``, or against the
    /// system's CA directory `/etc/ssl/certs` when ``caFile`` is `nil`.
    public var useTLS: Bool
    /// A PEM file with the CA certificates that sign the broker's certificate.
    public var caFile: String?
    public var clientID: String
    /// Seconds between PINGREQs when nothing else is sent; libmosquitto rejects values below 5.
    public var keepAlive: Int = 30
    /// MQTT clean session (3.1.1) / clean start (5). With MQTT 5 a persistent session also needs a session
    /// expiry interval, which libmosquitto's asynchronous connect cannot send: keep this `true` for MQTT 5.
    public var cleanSession: Bool = true
    public var protocolVersion: MQTTProtocolVersion = .v311
    /// Seconds the client waits before reconnecting: the first retry after the lower bound (at least 1),
    /// later ones growing up to the upper bound. The delay of the n-th retry is `lower * n²` (the formula of
    /// libmosquitto's "exponential" backoff).
    public var reconnectDelay: ClosedRange<Int> = 1...30
    /// Messages received and not yet taken from ``MQTTClient/messages`` at most. When that many wait, QoS 0
    /// messages are dropped (and counted in ``MQTTClient/receiveStatistics``) and the network loop waits up to
    /// ``receiveBufferMaximumWait`` for room before it queues a QoS 1 message anyway; `MQTTReceiveGate` says why.
    public var receiveBufferCapacity: Int = 10_000
    /// How long the network loop blocks on a full receive buffer before it queues a QoS 1 message over the limit.
    public var receiveBufferMaximumWait: Duration = .milliseconds(250)

    /// A configuration for `host:port` without credentials or TLS.
    public init(host: String, port: Int = 1883, clientID: String) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.useTLS = false
    }

    /// Parses `mqtt://user:pass@host:port` and `mqtts://...` (default ports 1883 / 8883; percent-decoded user/pass).
    ///
    /// A path other than `/`, a query or a fragment is rejected rather than ignored, so that a typo such as
    /// `mqtt://host:1883/x` does not silently connect somewhere else than meant.
    public init(url: String, clientID: String) throws {
        let parts = try MQTTBrokerURL(parsing: url)
        self.init(host: parts.host, port: parts.port, clientID: clientID)
        self.useTLS = parts.useTLS
        self.username = parts.username
        self.password = parts.password
    }

    /// The broker URL for logs: the user name is kept, the password never appears.
    public var redactedURL: String {
        var text = useTLS ? "mqtts://" : "mqtt://"
        if let username {
            text += username
            if password != nil {
                text += ":***"
            }
            text += "@"
        }
        text += host.contains(":") ? "[\(host)]" : host
        text += ":\(port)"
        return text
    }
}
