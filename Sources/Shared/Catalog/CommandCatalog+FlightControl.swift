import Foundation

/// Flight authority, one-key take-off, fly-to-point and point-of-interest flight (reference §5.7).
extension CommandCatalog {
    static let flightControl: [CommandType] = [
        CommandType(
            method: "flight_authority_grab", category: "flight_control",
            description: "Takes flight control authority for the cloud.", payloadSchema: .empty,
            supportedModels: allDocks),
        CommandType(
            method: "takeoff_to_point", category: "flight_control",
            description: "Takes off from the dock and flies to a target point.", payloadSchema: takeoffToPoint,
            supportedModels: allDocks, progressEventMethods: ["takeoff_to_point_progress"]),
        CommandType(
            method: "fly_to_point", category: "flight_control",
            description: "Flies the airborne aircraft to a point; it first climbs to at least 20 m.",
            payloadSchema: .object([
                .required("fly_to_id", .nonEmptyText, "Id of this fly-to, chosen by the cloud."),
                .required("max_speed", flyToMaxSpeed, "Maximum speed, m/s."),
                .required("points", flyToPoints, "The target point (exactly one)."),
            ]),
            supportedModels: allDocks, progressEventMethods: ["fly_to_point_progress"]),
        CommandType(
            method: "fly_to_point_update", category: "flight_control",
            description: "Changes the target or the speed of the running fly-to.",
            payloadSchema: .object([
                .required("max_speed", flyToMaxSpeed, "Maximum speed, m/s."),
                .required("points", flyToPoints, "The new target point (exactly one)."),
            ]),
            supportedModels: allDocks),
        CommandType(
            method: "fly_to_point_stop", category: "flight_control", description: "Stops the running fly-to.",
            payloadSchema: .empty, supportedModels: allDocks),
        CommandType(
            method: "poi_mode_enter", category: "flight_control",
            description: "Starts circling a point of interest.",
            payloadSchema: .object([
                .required("latitude", .latitude, "Latitude of the point, degrees."),
                .required("longitude", .longitude, "Longitude of the point, degrees."),
                .required("height", .double, "Ellipsoidal height of the point, m."),
            ]),
            supportedModels: [.dock1]),
        CommandType(
            method: "poi_mode_exit", category: "flight_control", description: "Stops circling the point of interest.",
            payloadSchema: .empty, supportedModels: [.dock1]),
        CommandType(
            method: "poi_circle_speed_set", category: "flight_control",
            description: "Sets the circling speed around the point of interest.",
            payloadSchema: .object([
                .required("circle_speed", .double, "Circling speed, m/s; the sign gives the direction.")
            ]),
            supportedModels: [.dock1]),
    ]

    // The reference marks the four commander_* and rth_mode fields required; the demo requires the rest too.
    private static let takeoffToPoint: PayloadSchema = .object([
        .required("flight_id", .nonEmptyText, "Id of this flight, chosen by the cloud."),
        .required("target_latitude", .latitude, "Target latitude, degrees."),
        .required("target_longitude", .longitude, "Target longitude, degrees."),
        .required("target_height", .double(2...1500), "Target ellipsoidal height, m."),
        .required("security_takeoff_height", .double(20...1500), "Safe take-off height above the dock, m."),
        .required("rth_mode", .enumInt([0, 1]), "0 smart altitude, 1 preset altitude."),
        .required("rth_altitude", .int(2...1500), "Return-to-home altitude, m."),
        .required("rc_lost_action", .enumInt([0, 1, 2]), "On losing the remote link: 0 hover, 1 land, 2 return home."),
        .required(
            "commander_mode_lost_action", .enumInt([0, 1]),
            "On losing the link in commander mode: 0 continue, 1 leave commander mode and do the RC-lost action."),
        .required("commander_flight_mode", .enumInt([0, 1]), "0 smart height, 1 preset height."),
        .required("commander_flight_height", .double(2...3000), "Commander-mode flight height, m."),
        .required("max_speed", .int(1...15), "Maximum speed, m/s."),
        .optional("simulate_mission", .simulateMission, "Simulate the flight instead of flying it."),
        .optional("flight_safety_advance_check", .switchInt, "1 to run the flight-safety pre-check."),
    ])

    // 0…15 per the reference (the demo says 1…15).
    private static let flyToMaxSpeed: PayloadSchema = .int(0...15)

    // "Exactly 1 point" per the reference; the demo notes the M30 series supports only one.
    private static let flyToPoints: PayloadSchema = .list(
        of: .object([
            .required("latitude", .latitude, "Latitude, degrees."),
            .required("longitude", .longitude, "Longitude, degrees."),
            .required("height", .double(2...10000), "Ellipsoidal height, m."),
        ]),
        count: 1...1)
}
