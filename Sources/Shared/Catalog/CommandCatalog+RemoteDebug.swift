import Foundation

/// Remote debugging and dock maintenance (reference §5.3). Every command but the two `debug_mode_*` needs the dock
/// in remote-debug mode (`debug_mode_open`, dock `mode_code` 2). The jobs report progress by events that carry
/// the command's own method name and `bid` (reference §4.2).
extension CommandCatalog {
    static let remoteDebug: [CommandType] =
        [
            command("debug_mode_open", "Puts the dock in remote-debug mode, which the other debug commands need."),
            command("debug_mode_close", "Takes the dock out of remote-debug mode."),
            command("supplement_light_open", "Turns the dock's supplement light on."),
            command("supplement_light_close", "Turns the dock's supplement light off."),
            job("device_reboot", "Reboots the dock."),
            // The Dock 2 page lists no drone_open event, but §4.2 lists drone_open among the jobs for all docks.
            job("drone_open", "Powers the aircraft on."),
            job("drone_close", "Powers the aircraft off."),
            job("cover_open", "Opens the dock cover."),
            job("cover_close", "Closes the dock cover."),
            job(
                "cover_force_close",
                "Closes the dock cover even when the dock reports a problem; only when drone_in_dock is 0 and the "
                    + "camera shows the bay is empty (the blades could be pinched)."),
            job("charge_open", "Starts charging the aircraft."),
            job("charge_close", "Stops charging the aircraft."),
            job("drone_format", "Formats the aircraft's storage."),
            job("device_format", "Formats the dock's storage."),
            job("putter_open", "Opens the centering rods.", models: [.dock1]),
            job("putter_close", "Closes the centering rods.", models: [.dock1]),
            command(
                "battery_maintenance_switch", "Switches the aircraft battery maintenance on or off.",
                .object([.required("action", .enumInt([0, 1]), "0 off, 1 on.")])),
            command(
                "air_conditioner_mode_switch", "Sets the dock air conditioner mode.",
                .object([.required("action", .enumInt([0, 1, 2, 3]), "0 idle, 1 cool, 2 heat, 3 dehumidify.")])),
            command(
                "alarm_state_switch", "Switches the dock's light and sound alarm on or off.",
                .object([.required("action", .enumInt([0, 1]), "0 off, 1 on.")])),
            command(
                "battery_store_mode_switch", "Sets the battery storage mode.",
                .object([
                    .required("action", .enumInt([1, 2]), "1 plan mode (55–60 %), 2 standby mode (90–95 %).")
                ])),
            command(
                "sdr_workmode_switch", "Switches the 4G-enhanced video link.",
                .object([.required("link_workmode", .enumInt([0, 1]), "0 SDR only, 1 SDR + 4G.")])),
            job(
                "esim_activate", "Activates the eSIM of the dock or the aircraft.",
                .object([
                    .required("imei", .nonEmptyText, "IMEI of the cellular module."),
                    .required("device_type", .simDeviceType, "Whose eSIM: dock or drone."),
                ]),
                models: [.dock2, .dock3]),
            job(
                "esim_operator_switch", "Switches the eSIM's mobile operator.",
                .object([
                    .required("imei", .nonEmptyText, "IMEI of the cellular module."),
                    .required("device_type", .simDeviceType, "Whose eSIM: dock or drone."),
                    .required(
                        "esim_operator", .enumInt([1, 2, 3]), "1 China Mobile, 2 China Unicom, 3 China Telecom."),
                ]),
                models: [.dock2, .dock3]),
            command(
                "sim_slot_switch", "Switches between the physical SIM and the eSIM.",
                .object([
                    .required("imei", .nonEmptyText, "IMEI of the cellular module."),
                    .required("device_type", .simDeviceType, "Whose SIM: dock or drone."),
                    .required("sim_slot", .enumInt([1, 2]), "1 physical SIM, 2 eSIM."),
                ]),
                models: [.dock2, .dock3]),
            job(
                "rtk_calibration", "Calibrates the RTK position of the dock or a relay by hand.",
                .object([.required("devices", .list(of: rtkDevice, atLeast: 1), "The devices to calibrate.")]),
                models: [.dock3]),
        ]

    private static let rtkDevice: PayloadSchema = .object([
        .required("sn", .nonEmptyText, "SN of the device."),
        .required("type", .enumInt([1]), "1 manual calibration, the only documented type."),
        .required("module", .enumText(["3", "6"]), "\"3\" dock, \"6\" relay."),
        .required(
            "data",
            .object([
                .required("latitude", .latitude, "Latitude, degrees."),
                .required("longitude", .longitude, "Longitude, degrees."),
                .required("height", .double, "Ellipsoidal height, m."),
            ]),
            "The calibrated position."),
    ])

    private static func command(
        _ method: String, _ description: String, _ schema: PayloadSchema = .empty, models: Set<DockModel> = allDocks
    ) -> CommandType {
        CommandType(
            method: method, category: "debug", description: description, payloadSchema: schema,
            supportedModels: models)
    }

    /// A job reports its progress by events named like itself (reference §4.2).
    private static func job(
        _ method: String, _ description: String, _ schema: PayloadSchema = .empty, models: Set<DockModel> = allDocks
    ) -> CommandType {
        CommandType(
            method: method, category: "debug", description: description, payloadSchema: schema,
            supportedModels: models, progressEventMethods: [method])
    }
}
