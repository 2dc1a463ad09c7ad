import Shared

/// A docked aircraft's `osd` (reference §9.2, values from the Dock 3 + M4TD capture's aircraft OSD, on the ground at
/// the dock's position): sent on the aircraft's own topic with `gateway` set to the dock, at the same 0.5 Hz.
///
/// The capture shows the aircraft's properties in one message per cycle; the simulator sends the subset the
/// platform and integrators look at (flight state, battery, position, limits), so each message is partial.
public enum AircraftTelemetry {
    /// The `data` of one aircraft OSD message for `hardware`'s aircraft.
    public static func data(of hardware: SimulatedHardware) -> [String: JSONValue] {
        [
            // 0: standby on the ground (reference §9.3).
            "mode_code": .integer(0), "gear": .integer(1),
            "latitude": .double(48.137154), "longitude": .double(11.576124), "height": .double(562.4),
            "elevation": .double(0), "home_distance": .double(0.1),
            "attitude_head": .double(35.9), "attitude_pitch": .double(-1), "attitude_roll": .double(0.7),
            "horizontal_speed": .double(0), "vertical_speed": .double(0),
            // 0.1 m/s units on the aircraft (reference §9.2): 16 is 1.6 m/s.
            "wind_speed": .integer(16), "wind_direction": .integer(2),
            "battery": .object([
                "capacity_percent": .integer(86), "landing_power": .integer(7), "remain_flight_time": .integer(0),
                "return_home_power": .integer(23),
                "batteries": .array([
                    .object([
                        "index": .integer(0), "sn": .string("87UPNBVCA1010R"), "capacity_percent": .integer(86),
                        "voltage": .integer(23010), "temperature": .double(25.6), "loop_times": .integer(44),
                        "firmware_version": .string("37.03.01.39"), "type": .integer(0), "sub_type": .integer(0),
                    ])
                ]),
            ]),
            "position_state": .object([
                "gps_number": .integer(32), "is_fixed": .integer(2), "quality": .integer(5), "rtk_number": .integer(37),
            ]),
            "storage": .object(["total": .integer(60_382_000), "used": .integer(851_000)]),
            "height_limit": .integer(90), "rth_altitude": .integer(40), "rc_lost_action": .integer(2),
            "night_lights_state": .integer(1),
            "distance_limit_status": .object([
                "distance_limit": .integer(2000), "is_near_distance_limit": .integer(0), "state": .integer(1),
            ]),
            "obstacle_avoidance": .object(["downside": .integer(1), "horizon": .integer(1), "upside": .integer(1)]),
            "total_flight_sorties": .integer(299), "total_flight_time": .double(101_038.6),
            "total_flight_distance": .double(225_604.7),
        ]
    }
}
