internal import CMosquitto

/// The `struct mosquitto *` of one client.
///
/// `@unchecked Sendable` because `OpaquePointer` is not `Sendable`. It is safe because:
/// - exactly one `MQTTClient` owns the handle; it creates it in `init` and destroys it in `deinit`, when no
///   other reference to the client (and so to the handle) exists;
/// - the handle is in threaded mode (`mosquitto_threaded_set`): one thread, the client's loop thread, runs
///   the connection (`mosquitto_*connect*_async`, `mosquitto_loop`); other threads call only the functions
///   libmosquitto makes thread-safe for that mode (`mosquitto_publish*`, `mosquitto_subscribe*`,
///   `mosquitto_unsubscribe*`, `mosquitto_disconnect`): they take the handle's internal mutexes
///   (out_packet, msgs_out, state) and leave the writing to the loop thread;
/// - options are set only in `init`, before the loop thread exists.
struct MosquittoHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    /// `mosquitto_lib_init` must run once, before the first handle; a `static let` runs it exactly once,
    /// thread-safely, on first use. Its result is checked by the first client's `init`.
    private static let libraryInitialization: Int32 = mosquitto_lib_init()

    /// Creates a handle configured for `configuration`, or throws what libmosquitto rejected.
    init(configuration: MQTTConfiguration) throws(MQTTError) {
        let initialization = Self.libraryInitialization
        guard initialization == MOSQ_ERR_SUCCESS.rawValue else {
            throw .library(initialization, "library initialisation")
        }
        // mosquitto_new only fails for ENOMEM, or EINVAL (an empty id with clean_session false).
        guard let pointer = mosquitto_new(configuration.clientID, configuration.cleanSession, nil) else {
            throw .invalidConfiguration("libmosquitto rejected client id \"\(configuration.clientID)\"")
        }
        self.pointer = pointer
        do {
            try configure(configuration)
        } catch {
            mosquitto_destroy(pointer)
            throw error
        }
    }

    private func configure(_ configuration: MQTTConfiguration) throws(MQTTError) {
        func check(_ code: Int32, _ operation: String) throws(MQTTError) {
            guard code == MOSQ_ERR_SUCCESS.rawValue else {
                var error = MQTTError.library(code, operation)
                error.kind = .invalidConfiguration
                throw error
            }
        }

        let version = configuration.protocolVersion == .v5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311
        try check(mosquitto_int_option(pointer, MOSQ_OPT_PROTOCOL_VERSION, version), "setting the protocol version")
        // Commands are small packets that should leave at once, not wait for Nagle's algorithm.
        try check(mosquitto_int_option(pointer, MOSQ_OPT_TCP_NODELAY, 1), "setting TCP_NODELAY")

        if configuration.username != nil || configuration.password != nil {
            try check(
                mosquitto_username_pw_set(pointer, configuration.username, configuration.password),
                "setting the user name and password"
            )
        }
        if configuration.useTLS {
            // With no CA file, trust the system's CA directory (Debian's ca-certificates: /etc/ssl/certs).
            let caPath: String? = configuration.caFile == nil ? "/etc/ssl/certs" : nil
            try check(
                mosquitto_tls_set(pointer, configuration.caFile, caPath, nil, nil, nil),
                "setting up TLS with CA file \(configuration.caFile ?? "(system CA directory)")"
            )
        }

        // Another thread (the client's loop thread) runs the network loop; see MQTTClient+Loop.swift.
        try check(mosquitto_threaded_set(pointer, true), "setting threaded mode")

        // A zero delay would make the loop thread retry without pause.
        guard configuration.reconnectDelay.lowerBound >= 1 else {
            throw .invalidConfiguration(
                "reconnectDelay must start at 1 second or more, got \(configuration.reconnectDelay)")
        }
    }
}
