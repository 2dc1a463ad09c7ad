import Foundation

/// Firmware upgrades (reference §5.4).
extension CommandCatalog {
    static let firmware: [CommandType] = [
        CommandType(
            method: "ota_create", category: "firmware",
            description: "Upgrades the firmware of the dock and/or the aircraft; decide from the firmware_version and "
                + "compatible_status properties.",
            payloadSchema: .object([
                .required("devices", .list(of: otaDevice, atLeast: 1), "The devices to upgrade.")
            ]),
            supportedModels: allDocks, progressEventMethods: ["ota_progress"])
    ]

    // DJI's example omits the file fields for the dock entry, so only sn, version and upgrade type are required.
    private static let otaDevice: PayloadSchema = .object([
        .required("sn", .nonEmptyText, "SN of the device to upgrade."),
        .required("product_version", .nonEmptyText, "The firmware version to install."),
        .optional("file_url", .nonEmptyText, "Where the device downloads the firmware package."),
        .optional("md5", .md5, "MD5 of the firmware package."),
        .optional("file_size", .int(atLeast: 0), "Size of the firmware package, bytes."),
        .optional("file_name", .nonEmptyText, "File name of the firmware package."),
        .required(
            "firmware_upgrade_type", .enumInt([2, 3, 4]),
            "2 consistency upgrade, 3 normal upgrade, 4 PSDK upgrade (Dock 3)."),
    ])
}
