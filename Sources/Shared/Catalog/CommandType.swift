import Foundation

/// One DJI `services` method the platform lets integrators send (`command_type` of
/// `POST /api/v1/open/downlink/commands`): the schema its `data` is validated against, the docks that document it,
/// and how its progress arrives.
public struct CommandType: Sendable, Hashable {
    /// The DJI method name, e.g. `live_start_push`.
    public var method: String
    /// The group it is listed under; see `CommandCatalog` for the list.
    public var category: String
    /// One sentence for integrators.
    public var description: String
    public var payloadSchema: PayloadSchema
    /// The docks whose documentation lists the method (reference §5, columns D1/D2/D3).
    public var supportedModels: Set<DockModel>
    /// Whether the device reports progress by events after its reply (reference §4.2).
    public var longRunning: Bool
    /// The event `method`s that carry its progress, e.g. `["ota_progress"]`; the method's own name for the
    /// remote-debug jobs (`cover_open` → `["cover_open"]`); empty when not long-running.
    public var progressEventMethods: [String]
    /// Set when progress events name the command by this payload field instead of echoing the command's `bid`:
    /// `flighttask_progress` carries the `flight_id` as its `bid` and `flighttask_ready` lists it in
    /// `data.flight_ids` (reference §3, §4.2, §7).
    public var progressMatchField: String?

    /// `longRunning` follows from `progressEventMethods`, so the two cannot disagree.
    public init(
        method: String, category: String, description: String, payloadSchema: PayloadSchema,
        supportedModels: Set<DockModel>, progressEventMethods: [String] = [], progressMatchField: String? = nil
    ) {
        self.method = method
        self.category = category
        self.description = description
        self.payloadSchema = payloadSchema
        self.supportedModels = supportedModels
        self.longRunning = !progressEventMethods.isEmpty
        self.progressEventMethods = progressEventMethods
        self.progressMatchField = progressMatchField
    }

    /// The `data` to publish for a validated payload: `{}` for an absent (`null`) payload of a method without
    /// data, which DJI's examples show as `{}` or `null` and `{}` is the safe one (reference §3); the payload as
    /// it is otherwise.
    public func wireData(for payload: JSONValue) -> JSONValue {
        if case .null = payload { return .object([:]) }
        return payload
    }

    /// The item of `GET /api/v1/open/downlink/command-types` (API.md §3): `command_type`, `category`,
    /// `description`, `payload_schema` (a standalone JSON Schema document), `supported_models` (in `DockModel`
    /// order), `long_running`, `progress_event_methods`.
    public var catalogItem: JSONValue {
        var schema = payloadSchema.jsonSchemaMembers
        schema["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        schema["title"] = .string(method)
        return .object([
            "command_type": .string(method),
            "category": .string(category),
            "description": .string(description),
            "payload_schema": .object(schema),
            "supported_models": .array(
                DockModel.allCases.filter(supportedModels.contains).map { .string($0.rawValue) }),
            "long_running": .bool(longRunning),
            "progress_event_methods": .array(progressEventMethods.map(JSONValue.string)),
        ])
    }
}
