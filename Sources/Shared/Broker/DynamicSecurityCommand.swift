/// One command of mosquitto's dynamic security plugin, sent as JSON on `$CONTROL/dynamic-security/v1`.
///
/// The plugin reads `{"commands": [{"command": NAME, ...parameters, "correlationData": ID}]}` and answers on
/// `$CONTROL/dynamic-security/v1/response` with one entry per command, in order, echoing `command` and
/// `correlationData` (checked against mosquitto 2.0.11). Only the commands dockgate uses have constructors.
public struct DynamicSecurityCommand: Sendable, Hashable {
    /// The plugin's command name, e.g. `createClient`.
    public var name: String
    /// The command's fields besides `command` and `correlationData`.
    public var parameters: [String: JSONValue]

    public init(name: String, parameters: [String: JSONValue] = [:]) {
        self.name = name
        self.parameters = parameters
    }

    /// The command object with its correlation data, as it goes into the `commands` array.
    public func json(correlationData: String) -> JSONValue {
        var object = parameters
        object["command"] = .string(name)
        object["correlationData"] = .string(correlationData)
        return .object(object)
    }

    /// A publish payload carrying `commands`, each with the correlation data paired with it.
    public static func payload(_ commands: [(command: DynamicSecurityCommand, correlationData: String)]) -> [UInt8] {
        let list = commands.map { $0.command.json(correlationData: $0.correlationData) }
        return Array(JSONValue.object(["commands": .array(list)]).jsonData)
    }
}

extension DynamicSecurityCommand {
    /// A client that logs in with `username` and `password` and gets `roles` (role names).
    public static func createClient(username: String, password: String, roles: [String]) -> Self {
        Self(
            name: "createClient",
            parameters: [
                "username": .string(username),
                "password": .string(password),
                "roles": .array(roles.map { .object(["rolename": .string($0)]) }),
            ]
        )
    }

    /// Deletes a client; the plugin disconnects a device logged in as it.
    public static func deleteClient(username: String) -> Self {
        Self(name: "deleteClient", parameters: ["username": .string(username)])
    }

    public static func setClientPassword(username: String, password: String) -> Self {
        Self(name: "setClientPassword", parameters: ["username": .string(username), "password": .string(password)])
    }

    /// The client with its roles; the answer's `data.client`.
    public static func getClient(username: String) -> Self {
        Self(name: "getClient", parameters: ["username": .string(username)])
    }

    /// The user names of all clients; the answer's `data.clients`.
    public static func listClients() -> Self {
        Self(name: "listClients")
    }

    /// A role with its first access rules.
    public static func createRole(name role: String, acls: [DynamicSecurityACL]) -> Self {
        Self(
            name: "createRole",
            parameters: ["rolename": .string(role), "acls": .array(acls.map { .object($0.fields) })]
        )
    }

    public static func deleteRole(name role: String) -> Self {
        Self(name: "deleteRole", parameters: ["rolename": .string(role)])
    }

    public static func addRoleACL(role: String, _ acl: DynamicSecurityACL) -> Self {
        var parameters = acl.fields
        parameters["rolename"] = .string(role)
        return Self(name: "addRoleACL", parameters: parameters)
    }

    public static func addClientRole(username: String, role: String) -> Self {
        Self(name: "addClientRole", parameters: ["username": .string(username), "rolename": .string(role)])
    }
}
