/// `DOCKGATE_NOTIFICATIONS`, read by both processes: whether commands travel with LISTEN/NOTIFY hints (`on`, the
/// default) or are found only by periodic scans (`off`).
///
/// NOTIFY is only ever a hint (payloads carry ids, every consumer also scans), so `off` changes latency, never
/// correctness: the bridge's dispatcher finds new commands by its scan, and the API's command and event long
/// polls re-read the database at a fixed interval. It exists to measure that fallback (docs/benchmarks.md) and
/// for databases behind poolers that cannot LISTEN (PgBouncer in transaction mode).
public enum NotificationSetting: String, Sendable, CaseIterable {
    case on
    case off

    public static let variable = "DOCKGATE_NOTIFICATIONS"

    public init(environment: Environment) throws(ConfigurationError) {
        self = try environment.oneOf(Self.variable, default: .on)
    }

    public var isOn: Bool { self == .on }
}
