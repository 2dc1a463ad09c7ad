import Foundation

/// Entering and leaving Drone Remote Control, the live-control link of reference §11. The commands sent on that
/// link (`drc/down`, §5.11) are not `services` methods and are not in the catalog.
extension CommandCatalog {
    // Dock 1 is left out by product decision (issue: "Dock 1 has no DRC"), although the reference's §5.7 table
    // marks drc_mode_enter/drc_mode_exit ✓ for Dock 1 (its DRC offers only the deprecated drone_control, §11).
    // Revisit with the product owner before opening DRC to Dock 1.
    static let drc: [CommandType] = [
        CommandType(
            method: "drc_mode_enter", category: "drc",
            description: "Makes the dock open a second MQTT session on the given broker for live control "
                + "(drc/down, drc/up); grab flight and payload authority first.",
            payloadSchema: .object([
                .required("mqtt_broker", mqttBroker, "The broker and credentials of the DRC link."),
                .required("osd_frequency", .int(1...30), "Rate of osd_info_push, Hz (the demo uses 10)."),
                .required("hsi_frequency", .int(1...30), "Rate of hsi_info_push, Hz (the demo uses 1)."),
            ]),
            supportedModels: [.dock2, .dock3]),
        CommandType(
            method: "drc_mode_exit", category: "drc", description: "Ends the DRC session.", payloadSchema: .empty,
            supportedModels: [.dock2, .dock3]),
    ]

    // Every key is required by the demo's DrcModeMqttBroker.
    private static let mqttBroker: PayloadSchema = .object([
        .required(
            "address", .nonEmptyText,
            "host:port of the DRC broker; a WebSocket URL such as ws://host:8083/mqtt is accepted too."),
        .required("client_id", .nonEmptyText, "MQTT client id for the dock, e.g. {dock_sn}-{epoch_ms}."),
        .required("username", .text, "MQTT username."),
        .required("password", .text, "MQTT password (e.g. a JWT carrying the broker's ACL)."),
        // Absolute Unix time in seconds (reference §11, §16.8); the demo's bounds reject a 13-digit ms value.
        .required(
            "expire_time", .int(1_000_000_000...9_999_999_999),
            "When the credentials expire, Unix time in seconds; an open link is not dropped then."),
        .required("enable_tls", .bool, "Whether the dock connects with TLS."),
    ])
}
