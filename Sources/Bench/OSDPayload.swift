import Foundation
import Shared

/// A dock OSD message shaped like the real ones (reference §9.1, the capture's dock osd): about forty
/// properties, nested objects, values that change from message to message.
enum OSDPayload {
    static func dock(sn: String, sequence: Int) -> [UInt8] {
        let wobble = Double(sequence % 100) / 1000
        let data: JSONValue = .object([
            "mode_code": .integer(Int64(sequence % 5)),
            "cover_state": .integer(0),
            "putter_state": .integer(0),
            "supplement_light_state": .integer(0),
            "emergency_stop_state": .integer(0),
            "drone_in_dock": .integer(1),
            "drone_charge_state": .object([
                "state": .integer(0), "capacity_percent": .integer(Int64(80 + sequence % 20)),
            ]),
            "latitude": .double(22.907809 + wobble),
            "longitude": .double(113.703482 + wobble),
            "height": .double(38.4),
            "heading": .double(0),
            "home_position_is_valid": .integer(1),
            "environment_temperature": .double(24.3 + wobble),
            "temperature": .double(27.1),
            "humidity": .integer(55),
            "wind_speed": .double(1.2 + wobble),
            "rainfall": .integer(0),
            "working_voltage": .integer(24_000),
            "working_current": .integer(1200),
            "backup_battery": .object([
                "voltage": .integer(26_000), "temperature": .double(24.0), "switch": .integer(1),
            ]),
            "network_state": .object(["type": .integer(2), "quality": .integer(5), "rate": .double(5.09 + wobble)]),
            "storage": .object(["total": .integer(82_045_336), "used": .integer(33_144)]),
            "alarm_state": .integer(0),
            "activation_time": .integer(1_688_465_340),
            "position_state": .object([
                "is_calibration": .integer(1), "is_fixed": .integer(2), "quality": .integer(5),
                "gps_number": .integer(18),
                "rtk_number": .integer(30),
            ]),
            "sub_device": .object([
                "device_sn": .string("\(sn)-AIR"), "device_model_key": .string("0-100-1"),
                "device_online_status": .integer(1), "device_paired": .integer(1),
            ]),
            "air_conditioner": .object(["air_conditioner_state": .integer(0), "switch_time": .integer(0)]),
            "job_number": .integer(112),
            "acc_time": .integer(9_999_999),
            "first_power_on": .integer(1_688_465_340_000),
        ])
        let message: JSONValue = .object([
            "tid": .string(UUID().uuidString.lowercased()),
            "bid": .string(UUID().uuidString.lowercased()),
            "timestamp": .integer(Int64(Date().timeIntervalSince1970 * 1000)),
            "gateway": .string(sn),
            "data": data,
        ])
        return Array(message.jsonData)
    }
}
