/// Which commands a progress event can belong to (reference §4.2): the command methods whose catalog entry lists
/// the event's method, and how the event names its command — by the command's `bid` (`matchField` nil), or by a
/// payload field (`flighttask_progress` carries the task's `flight_id` as its `bid`, reference §3).
public struct ProgressRoute: Sendable, Hashable {
    public var commandMethods: [String]
    /// The command payload field whose value the event's `bid` equals; nil to match the command's own `bid`.
    public var matchField: String?

    public init(commandMethods: [String], matchField: String?) {
        self.commandMethods = commandMethods
        self.matchField = matchField
    }

    /// The routes of an event method, one per way of matching; empty for an event that reports no command's
    /// progress (`hms`, `device_exit_homing_notify`, …).
    public static func routes(forEvent method: String) -> [ProgressRoute] {
        byEventMethod[method] ?? []
    }

    private static let byEventMethod: [String: [ProgressRoute]] = {
        var methods: [String: [String?: [String]]] = [:]
        for entry in CommandCatalog.all {
            for event in entry.progressEventMethods {
                methods[event, default: [:]][entry.progressMatchField, default: []].append(entry.method)
            }
        }
        return methods.mapValues { byField in
            byField.map { ProgressRoute(commandMethods: $1.sorted(), matchField: $0) }
                .sorted { ($0.matchField ?? "") < ($1.matchField ?? "") }
        }
    }()
}
