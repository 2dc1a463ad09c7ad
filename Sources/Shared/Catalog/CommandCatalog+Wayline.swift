import Foundation

/// Wayline (flight task) methods (reference §5.2).
extension CommandCatalog {
    static let wayline: [CommandType] = [
        CommandType(
            method: "flighttask_prepare", category: "wayline",
            description: "Sends a flight task (KMZ wayline file and its conditions) to the dock, at most 24 h before "
                + "it runs; flighttask_execute starts it.",
            payloadSchema: flighttaskPrepare, supportedModels: allDocks,
            // Progress is reported after execution starts; flighttask_ready tells that a conditional task's
            // ready_conditions are met (reference §4.2, §7).
            progressEventMethods: ["flighttask_progress", "flighttask_ready"], progressMatchField: "flight_id"),
        CommandType(
            method: "flighttask_execute", category: "wayline",
            description: "Starts a prepared flight task, within about 2 minutes of its execute_time.",
            payloadSchema: .object([
                .required("flight_id", .nonEmptyText, "The flight_id given to flighttask_prepare."),
                .optional("multi_dock_task", multiDockTask, "Leap-frog missions between two docks only (Dock 2/3)."),
            ]),
            supportedModels: allDocks, progressEventMethods: ["flighttask_progress"], progressMatchField: "flight_id"),
        CommandType(
            method: "flighttask_undo", category: "wayline",
            description: "Cancels prepared flight tasks that are not executing yet.",
            payloadSchema: .object([
                .required("flight_ids", .list(of: .nonEmptyText, atLeast: 1), "The flight_ids to cancel.")
            ]),
            supportedModels: allDocks),
        CommandType(
            method: "flighttask_pause", category: "wayline", description: "Pauses the running flight task.",
            payloadSchema: .empty, supportedModels: allDocks),
        CommandType(
            method: "flighttask_recovery", category: "wayline", description: "Resumes a paused flight task.",
            payloadSchema: .empty, supportedModels: allDocks),
        CommandType(
            method: "flighttask_stop", category: "wayline", description: "Ends a leap-frog flight task.",
            payloadSchema: .object([
                .required("flight_id", .nonEmptyText, "The task to end."),
                .required("reason", .enumInt([0, 1]), "0 normal end, 1 another dock's state machine failed."),
            ]),
            supportedModels: [.dock2, .dock3]),
        CommandType(
            method: "return_home", category: "wayline", description: "Makes the aircraft return to its dock.",
            payloadSchema: .empty, supportedModels: allDocks),
        CommandType(
            method: "return_home_cancel", category: "wayline",
            description: "Cancels a return to home; the aircraft hovers.", payloadSchema: .empty,
            supportedModels: allDocks),
        CommandType(
            method: "return_specific_home", category: "wayline",
            description: "Makes the aircraft of a leap-frog mission land at the given dock.",
            payloadSchema: .object([.required("home_dock_sn", .nonEmptyText, "SN of the dock to land at.")]),
            supportedModels: [.dock2, .dock3]),
        CommandType(
            method: "flight_setup_abort", category: "wayline",
            description: "Aborts the take-off preparation of a task before the aircraft is airborne.",
            payloadSchema: .empty, supportedModels: [.dock1]),
        CommandType(
            method: "in_flight_wayline_deliver", category: "wayline",
            description: "Sends a new wayline to an aircraft already in flight.",
            payloadSchema: .object([
                .required("in_flight_wayline_id", .nonEmptyText, "Id of this in-flight wayline."),
                .required("file", .waylineFile, "The KMZ wayline file."),
                .required("out_of_control_action", outOfControlAction, outOfControlDescription),
                .required("exit_wayline_when_rc_lost", .enumInt([0, 1]), exitWaylineDescription),
                .required("rth_altitude", .int(20...1500), "Return-to-home altitude, m."),
                // The "docks support only 1" note of §5.2 is on flighttask_prepare; this row gives no values.
                .required("rth_mode", .enumInt([0, 1]), "0 smart altitude, 1 preset altitude."),
                .required("wayline_precision_type", .enumInt([0, 1]), "0 GPS, 1 high-precision RTK."),
            ]),
            supportedModels: [.dock2, .dock3], progressEventMethods: ["in_flight_wayline_progress"]),
        CommandType(
            method: "in_flight_wayline_stop", category: "wayline", description: "Pauses an in-flight wayline.",
            payloadSchema: inFlightWaylineID, supportedModels: [.dock2, .dock3]),
        CommandType(
            method: "in_flight_wayline_recover", category: "wayline", description: "Resumes an in-flight wayline.",
            payloadSchema: inFlightWaylineID, supportedModels: [.dock2, .dock3]),
        CommandType(
            method: "in_flight_wayline_cancel", category: "wayline", description: "Cancels the in-flight wayline.",
            payloadSchema: .empty, supportedModels: [.dock2, .dock3]),
    ]

    private static let flighttaskPrepare: PayloadSchema = .object(
        [
            // Required per the demo's FlighttaskPrepareRequest; its wayline_type is not in the current docs: optional.
            .required("flight_id", .nonEmptyText, "Id of the task, chosen by the cloud."),
            .optional(
                "execute_time", .int(atLeast: 0),
                "When to start, ms since the epoch; required for task_type 0 and 1. An immediate task is rejected "
                    + "when it is more than 30 s away from the dock's clock."),
            .required("task_type", .enumInt([0, 1, 2]), "0 immediate, 1 timed, 2 conditional."),
            .optional("wayline_type", .enumInt([0, 1, 2, 3]), "0 waypoint, 1 mapping 2D, 2 mapping 3D, 3 strip."),
            .required("file", .waylineFile, "The KMZ wayline file."),
            .optional(
                "ready_conditions",
                .object([
                    .required("battery_capacity", .int(0...100), "Minimum battery level, %."),
                    .required("begin_time", .int(atLeast: 0), "Start of the window, ms since the epoch."),
                    .required("end_time", .int(atLeast: 0), "End of the window, ms since the epoch."),
                ]),
                "When a conditional task may run; required for task_type 2."),
            .optional(
                "executable_conditions",
                .object([.required("storage_capacity", .int(atLeast: 0), "Minimum free storage the task needs.")]),
                "Conditions the dock checks before executing."),
            .optional(
                "break_point",
                .object([
                    .required("index", .int(atLeast: 0), "Waypoint or segment index of the breakpoint."),
                    .required("state", .enumInt([0, 1]), "0 on a segment, 1 on a waypoint."),
                    .required("progress", .double(0...1), "Progress along the segment, 0 to 1."),
                    .required("wayline_id", .int(atLeast: 0), "Wayline of the breakpoint."),
                ]),
                "Resume the wayline from this breakpoint."),
            .required("rth_altitude", .int(20...1500), "Return-to-home altitude, m."),
            // The reference: "docks support only 1" (preset altitude); the demo defaults to it.
            .optional("rth_mode", .enumInt([1]), "1 preset altitude, the only mode docks support (0 smart is not)."),
            .required("out_of_control_action", outOfControlAction, outOfControlDescription),
            .required("exit_wayline_when_rc_lost", .enumInt([0, 1]), exitWaylineDescription),
            // Required by the demo for Dock 2 only, and not on Dock 1: optional here.
            .optional("wayline_precision_type", .enumInt([0, 1]), "0 GPS, 1 high-precision RTK (Dock 2/3)."),
            .optional("simulate_mission", .simulateMission, "Simulate the flight instead of flying it."),
            .optional("flight_safety_advance_check", .switchInt, "1 to run the flight-safety pre-check."),
        ],
        requiredWhen: [
            PayloadSchema.Condition(field: "task_type", values: [0, 1], required: ["execute_time"]),
            PayloadSchema.Condition(field: "task_type", values: [2], required: ["ready_conditions"]),
        ])

    // The docs fix it at 0 for now, but define all three; the dock maps the values (demo OutOfControlActionEnum).
    private static let outOfControlAction: PayloadSchema = .enumInt([0, 1, 2])
    private static let outOfControlDescription =
        "On losing the remote link: 0 return home (what the docs send), "
        + "1 hover, 2 land."
    private static let exitWaylineDescription =
        "0 keep flying the wayline, 1 leave it and do the RC-lost action; keep consistent with the KMZ file."

    private static let inFlightWaylineID: PayloadSchema = .object([
        .required("in_flight_wayline_id", .nonEmptyText, "Id given to in_flight_wayline_deliver.")
    ])

    /// Leap-frog missions between two docks (reference §5.2).
    private static let multiDockTask: PayloadSchema = .object([
        .required(
            "wireless_link_topo",
            .object([
                .required("secret_code", .list(of: .int, count: 28...28), "Link encryption code, 28 integers."),
                .required("center_node", sdrNode([]), "The node at the centre of the link."),
                .required(
                    "leaf_nodes",
                    .list(
                        of: sdrNode([.required("control_source_index", .int(1...2), "Control source, 1 or 2.")]),
                        atLeast: 1),
                    "The nodes around it."),
            ]),
            "The wireless link between the docks and the aircraft."),
        .required(
            "dock_infos",
            .list(
                of: .object([
                    .required("dock_type", .enumText(["takeoff", "landing"]), "The role of this dock."),
                    .required("sn", .nonEmptyText, "Dock SN."),
                    .required("index", .int(1...31), "Dock index."),
                    .required("latitude", .latitude, "Dock latitude, degrees."),
                    .required("longitude", .longitude, "Dock longitude, degrees."),
                    .required("height", .double, "Dock ellipsoidal height, m."),
                    .required("heading", .double, "Dock heading, degrees."),
                    .required(
                        "home_position_is_valid", .int,
                        "The dock's home_position_is_valid osd property (0 invalid, 1 valid)."),
                    .required("rtcm_info", rtcmInfo, "RTK correction source of the dock."),
                    .required("alternate_land_point", alternateLandPoint, "Where to land if the dock cannot be used."),
                ]),
                atLeast: 1),
            "The take-off and landing docks."),
    ])

    private static func sdrNode(_ extra: [PayloadSchema.Property]) -> PayloadSchema {
        .object(
            [
                .required("sdr_id", .int, "SDR id of the node."),
                .required("sn", .nonEmptyText, "SN of the node."),
            ] + extra)
    }

    private static let rtcmInfo: PayloadSchema = .object([
        .required("host", .nonEmptyText, "RTCM server host."),
        .required("port", .int(0...65535), "RTCM server port."),
        .required("mount_point", .text, "RTCM mount point."),
        .required("rtcm_device_type", .enumInt([1]), "1, the only documented value."),
        .required("source_type", .int(0...3), "Correction source type, 0 to 3."),
    ])

    private static let alternateLandPoint: PayloadSchema = .object([
        .required("latitude", .latitude, "Latitude, degrees."),
        .required("longitude", .longitude, "Longitude, degrees."),
        .required("height", .double, "Ellipsoidal height, m."),
        .required("safe_land_height", .double, "Safe landing height, m."),
        .required("is_configured", .switchInt, "1 when the point is configured."),
    ])
}
