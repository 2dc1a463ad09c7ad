/// A progress event of a long-running service (reference §4.2): remote-debug jobs report under the service's
/// own method, others under a dedicated one (`ota_progress`, `flighttask_progress`, `fly_to_point_progress`, …).
/// Correlate it with its command by `bid` and `method` (on `flighttask_progress` the `bid` is the `flight_id`).
///
/// Two payload layouts exist: most methods nest under `data.output` (`status`, `progress{percent, step_key |
/// current_step}`), while `fly_to_point_progress`, `takeoff_to_point_progress`, `flight_areas_sync_progress`
/// and `in_flight_wayline_progress` put `status`, `progress` and `result` directly in `data`. Both are read,
/// `output` first.
public struct DJIProgress: Sendable, Hashable {
    public var method: String
    public var bid: String
    public var tid: String?
    public var timestamp: Int64?
    /// The status text as sent (`in_progress`, `ok`, `wayline_progress`, …); an int status such as
    /// `in_flight_wayline_progress`'s is kept as its decimal text.
    public var status: String
    public var percent: Int?
    /// `step_key` (remote-debug jobs) or `current_step` (flight tasks, OTA) as text.
    public var step: String?
    public var result: Int64?

    /// Statuses after which the job reports nothing more (reference §4.1 and §4.2): the job statuses (`ok`,
    /// `rejected`, `failed`, `canceled`, `timeout`, `partially_done`), `fail` of `camera_photo_take_progress`,
    /// the `wayline_*`/`task_finish` ends of fly-to and takeoff-to-point, and the ends of
    /// `flight_areas_sync_progress` (`synchronized`, `fail`, `switch_fail`). Unknown statuses are not terminal,
    /// so a new firmware's status keeps the command waiting instead of closing it early.
    public static let terminalStatuses: Set<String> = [
        "ok", "rejected", "failed", "canceled", "timeout", "partially_done", "fail",
        "wayline_ok", "wayline_failed", "wayline_cancel", "task_finish",
        "synchronized", "switch_fail",
    ]

    /// Nil when the event is not a progress report: no method or bid, `data` not an object, or no status in
    /// either layout (`hms`, `return_home_info`, `drc_status_notify`, …).
    public init?(envelope: DJIEnvelope) {
        guard let method = envelope.method, let bid = envelope.bid, case .object(let data) = envelope.data else {
            return nil
        }
        let output = data["output"]
        guard let status = DJILenient.string(output?["status"]) ?? DJILenient.string(data["status"]) else {
            return nil
        }
        let progress = output?["progress"] ?? data["progress"]
        self.method = method
        self.bid = bid
        tid = envelope.tid
        timestamp = envelope.timestamp
        self.status = status
        percent = DJILenient.int(progress?["percent"])
        step = DJILenient.string(progress?["step_key"]) ?? DJILenient.string(progress?["current_step"])
        result = DJILenient.int64(data["result"])
    }

    /// True when `status` ends the job (see `terminalStatuses`).
    public var isTerminal: Bool { Self.terminalStatuses.contains(status) }
}
