import Foundation
import HTTPTypes
import Shared

/// The body of `POST /api/v1/open/downlink/commands`, checked field by field in API.md §3's order: vendor,
/// device, command type, support by the device's model, payload, idempotency key, timeout. The first problem is
/// the answer, so an integrator fixes one thing at a time in the order the contract lists them.
struct CommandRequest: Sendable {
    var target: CommandTarget
    var commandType: CommandType
    /// As sent; JSON `null` when absent (a method without data).
    var payload: JSONValue
    var idempotencyKey: String
    var timeoutSeconds: Int

    /// API.md §3: absent or 0 means 60.
    static let defaultTimeoutSeconds = 60
    static let timeoutRange = 0...300
    static let idempotencyKeyLength = 1...128

    /// Validates `body`; `lookUp` finds a device of the caller's tenant by SN (nil: not one of its devices).
    ///
    /// A device whose gateway has not reported a model the catalog knows (an RC, a future dock, a dock that has
    /// not sent `update_topo` yet) is not refused: the catalog only vouches for the docks it lists, and an unknown
    /// model must never block the platform; the device answers itself if it does not know the method.
    static func validate(_ body: JSONValue, lookUp: (String) async throws -> CommandTarget?) async throws
        -> CommandRequest
    {
        guard case .object(let fields) = body else {
            throw APIError.malformedJSON("the body must be a JSON object")
        }
        let vendor = try requiredString(fields, "vendor")
        guard vendor == "dji" else {
            throw APIError(.badRequest, "UNSUPPORTED_VENDOR", "vendor must be \"dji\"", field: "vendor")
        }
        let deviceID = try requiredString(fields, "device_id")
        guard let target = try await lookUp(deviceID) else {
            throw APIError(.notFound, "DEVICE_NOT_FOUND", "no device \(deviceID) in this tenant", field: "device_id")
        }
        let method = try requiredString(fields, "command_type")
        guard let commandType = CommandCatalog.entry(method) else {
            throw APIError(
                .badRequest, "UNKNOWN_COMMAND_TYPE",
                "command_type \(method) is not a DJI service method of the catalog "
                    + "(GET /api/v1/open/downlink/command-types lists them)",
                field: "command_type")
        }
        if let model = target.gatewayModelKey.flatMap(DockModel.init(modelKey:)),
            !commandType.supportedModels.contains(model)
        {
            let supported = DockModel.allCases.filter(commandType.supportedModels.contains).map(\.rawValue)
            throw APIError(
                .badRequest, "UNSUPPORTED_BY_DEVICE",
                "\(method) is not supported by \(model.rawValue) (device \(target.gatewaySN)); it is supported by "
                    + supported.joined(separator: ", "),
                field: "command_type")
        }
        let payload = fields["payload"] ?? .null
        if let problem = commandType.payloadSchema.validate(payload) {
            throw APIError.invalidField(problem.field, problem.message)
        }
        if let field = payload.firstNULCharacter(path: "payload") {
            throw APIError.invalidField(field, "\(field) must not contain NUL characters (U+0000)")
        }
        let idempotencyKey = try requiredString(fields, "idempotency_key", allowEmpty: true)
        guard idempotencyKeyLength.contains(idempotencyKey.unicodeScalars.count) else {
            throw APIError.invalidField("idempotency_key", "idempotency_key must be 1 to 128 characters long")
        }
        return CommandRequest(
            target: target, commandType: commandType, payload: payload, idempotencyKey: idempotencyKey,
            timeoutSeconds: try timeoutSeconds(fields["timeout_seconds"]))
    }

    private static func requiredString(_ fields: [String: JSONValue], _ name: String, allowEmpty: Bool = false) throws
        -> String
    {
        switch fields[name] {
        case nil, .null?:
            throw APIError.invalidField(name, "\(name) is required")
        case .string(let value)?:
            guard allowEmpty || !value.isEmpty else { throw APIError.invalidField(name, "\(name) must not be empty") }
            guard !value.unicodeScalars.contains("\0") else {
                throw APIError.invalidField(name, "\(name) must not contain NUL characters (U+0000)")
            }
            return value
        default:
            throw APIError.invalidField(name, "\(name) must be a string")
        }
    }

    private static func timeoutSeconds(_ value: JSONValue?) throws -> Int {
        let seconds: Int64
        switch value {
        case nil, .null?: return defaultTimeoutSeconds
        case .integer(let integer)?: seconds = integer
        // JSON does not tell 30 from 30.0; only a fraction is not a whole number of seconds.
        case .double(let double)? where Int64(exactly: double) != nil: seconds = Int64(double)
        default: seconds = -1
        }
        guard let whole = Int(exactly: seconds), timeoutRange.contains(whole) else {
            throw APIError.invalidField("timeout_seconds", "timeout_seconds must be a whole number from 0 to 300")
        }
        return whole == 0 ? defaultTimeoutSeconds : whole
    }
}

extension JSONValue {
    /// The path of the first string or key holding U+0000, which PostgreSQL can store in neither `text` nor
    /// `jsonb` ("unsupported Unicode escape sequence"): refused up front as the client's mistake it is.
    fileprivate func firstNULCharacter(path: String) -> String? {
        switch self {
        case .string(let string):
            return string.unicodeScalars.contains("\0") ? path : nil
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let found = element.firstNULCharacter(path: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for (key, value) in members.sorted(by: { $0.key < $1.key }) {
                if key.unicodeScalars.contains("\0") { return path }
                if let found = value.firstNULCharacter(path: "\(path).\(key)") { return found }
            }
            return nil
        case .null, .bool, .integer, .double:
            return nil
        }
    }
}
