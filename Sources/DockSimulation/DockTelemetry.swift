import Shared

/// A resting dock's `osd` properties (reference §9.1, values from the `osd_dock.json` wire sample), split into the
/// three partial messages a real dock sends per 2 s cycle (reference §9: "three distinct subsets").
public enum DockTelemetry {
    /// How many partial messages make one full cycle.
    public static let partCount = 3

    /// The `data` of partial message `part` (taken modulo `partCount`) for `hardware`'s dock.
    public static func part(_ part: Int, of hardware: SimulatedHardware) -> [String: JSONValue] {
        switch part % partCount {
        case 0:
            [
                "mode_code": .integer(0), "cover_state": .integer(0), "putter_state": .integer(0),
                "drone_in_dock": .integer(1), "emergency_stop_state": .integer(0), "alarm_state": .integer(0),
                "drone_charge_state": .object(["state": .integer(0), "capacity_percent": .integer(86)]),
                "sub_device": .object([
                    "device_sn": .string(hardware.aircraftSN),
                    "device_model_key": .string(hardware.aircraftModelKey),
                    "device_online_status": .integer(1), "device_paired": .integer(1),
                ]),
            ]
        case 1:
            [
                "network_state": .object(["type": .integer(2), "quality": .integer(5), "rate": .double(512.4)]),
                "position_state": .object([
                    "is_calibration": .integer(1), "is_fixed": .integer(2), "quality": .integer(5),
                    "gps_number": .integer(14), "rtk_number": .integer(36),
                ]),
                "storage": .object(["total": .integer(53_082_240), "used": .integer(20_184)]),
                "latitude": .double(48.137154), "longitude": .double(11.576124), "height": .double(562.4),
                "heading": .double(36.1), "home_position_is_valid": .integer(1),
            ]
        default:
            [
                "temperature": .double(24.1), "environment_temperature": .double(18.6), "humidity": .integer(55),
                "wind_speed": .double(2.3), "rainfall": .integer(0),
            ]
        }
    }
}
