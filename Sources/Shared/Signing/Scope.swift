/// What an API client may do (API.md §1). Raw values are the scope names stored per client and checked per route.
public enum Scope: String, CaseIterable, Sendable, Codable {
    /// Create downlink commands.
    case downlinkCommandWrite = "open:downlink-command:write"
    /// Read and list commands; read the command catalog.
    case downlinkCommandRead = "open:downlink-command:read"
    /// Read and list device requests.
    case deviceRequestRead = "open:device-request:read"
    /// Reply to device requests.
    case deviceRequestReply = "open:device-request:reply"
    /// Read devices, their topology and latest telemetry.
    case deviceRead = "open:device:read"
    /// Read the device event feed.
    case eventRead = "open:event:read"
    /// Create dock binding codes for the caller's tenant.
    case deviceBind = "open:device:bind"
}
