import Shared

/// What a docked aircraft reports now and then besides its OSD, sampled from the Dock 3 + M4TD capture: `state`
/// changes (reference §9: pushed when a value changes, with `need_reply: 1` for the aircraft through a Dock 3) and
/// `hms` health reports (reference §7: the full current alarm set, an empty `list` when all is well).
public enum DeviceChanges {
    /// The `n`th state change of the rotation: values the capture's aircraft `state` topic carried (why the mode
    /// changed, return-to-home settings, the fly-safe database version) and the aircraft's firmware version.
    public static func stateChange(_ n: Int) -> [String: JSONValue] {
        let samples: [[String: JSONValue]] = [
            ["mode_code_reason": .integer(0)],
            ["firmware_version": .string("15.01.0203")],
            ["current_rth_mode": .integer(1)],
            ["mode_code_reason": .integer(12)],
            ["flysafe_database_version": .string("01.00.01.39")],
            ["remaining_power_for_return_home": .integer(24)],
            ["offline_map_enable": .bool(true)],
            ["current_commander_flight_mode": .integer(1)],
        ]
        return samples[((n % samples.count) + samples.count) % samples.count]
    }

    /// The `data` of the `n`th HMS report for `hardware`'s aircraft: every other report carries the one alarm the
    /// capture shows (a notice of the health module), the others an empty list, as when the alarm cleared.
    public static func hms(_ n: Int, of hardware: SimulatedHardware) -> JSONValue {
        guard n % 2 == 0 else { return .object(["list": .array([])]) }
        let alarm: JSONValue = .object([
            "level": .integer(0), "module": .integer(3), "in_the_sky": .integer(0), "code": .string("0x1B030019"),
            "device_type": .string(hardware.aircraftModelKey), "imminent": .integer(0),
            "args": .object(["component_index": .integer(0), "sensor_index": .integer(63)]),
        ])
        return .object(["list": .array([alarm])])
    }
}
