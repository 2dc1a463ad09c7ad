/// The plugin's answer to one command: `{"command", "correlationData", "error"?, "data"?}` inside the
/// `responses` array published on `$CONTROL/dynamic-security/v1/response`.
public struct DynamicSecurityResponse: Sendable, Hashable {
    public var command: String
    public var correlationData: String?
    /// The plugin's message when the command failed, e.g. `Client already exists`; nil on success.
    public var error: String?
    /// What a query command returns, e.g. `{"client": {...}}` for `getClient`.
    public var data: JSONValue?

    public init(command: String, correlationData: String?, error: String? = nil, data: JSONValue? = nil) {
        self.command = command
        self.correlationData = correlationData
        self.error = error
        self.data = data
    }

    /// The responses in one response message; entries without a `command` are skipped. Nil when the payload is
    /// not a `{"responses": [...]}` object.
    public static func decode(_ payload: some Collection<UInt8>) -> [DynamicSecurityResponse]? {
        guard case .array(let entries)? = JSONValue(parsing: payload)?["responses"] else { return nil }
        return entries.compactMap { entry in
            guard let command = entry["command"]?.stringValue else { return nil }
            return DynamicSecurityResponse(
                command: command,
                correlationData: entry["correlationData"]?.stringValue,
                error: entry["error"]?.stringValue,
                data: entry["data"]
            )
        }
    }

    /// The plugin's error texts that mean "already as wanted", for commands that are repeated safely.
    public var isAlreadyDone: Bool {
        switch error {
        case "ACL with this topic already exists", "Client already has this role": true
        default: false
        }
    }

    /// The plugin's error texts for a client or role that does not exist (mosquitto 2.0 wording).
    public var isNotFound: Bool {
        error == "Client not found" || error == "Role not found"
    }
}
