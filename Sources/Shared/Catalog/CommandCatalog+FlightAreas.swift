import Foundation

/// Custom flight areas, offline map and fly-safe unlock licenses (reference §5.9).
extension CommandCatalog {
    static let flightAreas: [CommandType] = [
        CommandType(
            method: "flight_areas_update", category: "flight_areas",
            description: "Tells the dock to fetch the custom flight areas (it asks with flight_areas_get) and sync "
                + "them to the aircraft.",
            payloadSchema: .empty, supportedModels: allDocks, progressEventMethods: ["flight_areas_sync_progress"]),
        // Known from the demo only (MapMethodEnum, enabled for Dock 2): the dock then asks with offline_map_get.
        CommandType(
            method: "offline_map_update", category: "flight_areas",
            description: "Tells the dock to fetch the offline map (it asks with offline_map_get) and sync it to the "
                + "aircraft.",
            payloadSchema: .empty, supportedModels: [.dock2], progressEventMethods: ["offline_map_sync_progress"]),
        CommandType(
            method: "unlock_license_list", category: "flight_areas",
            description: "Lists the fly-safe unlock licenses of the aircraft or the dock; the reply carries them.",
            payloadSchema: .object([
                .required("device_model_domain", .enumInt([0, 3]), "Whose licenses: 0 aircraft, 3 dock.")
            ]),
            supportedModels: allDocks),
        CommandType(
            method: "unlock_license_switch", category: "flight_areas",
            description: "Enables or disables one unlock license.",
            payloadSchema: .object([
                .required("license_id", .int, "The license, from unlock_license_list."),
                .required("enable", .bool, "true to enable it."),
            ]),
            supportedModels: allDocks),
        CommandType(
            method: "unlock_license_update", category: "flight_areas",
            description: "Updates the unlock licenses from a file, or from the DJI FlySafe server when no file is "
                + "given.",
            payloadSchema: .object([
                .optional(
                    "file",
                    .object([
                        .required("url", .nonEmptyText, "Where the dock downloads the license file."),
                        .required("fingerprint", .md5, "MD5 of the license file."),
                    ]),
                    "The license file; omit to fetch the latest licenses from the FlySafe server.")
            ]),
            supportedModels: allDocks),
    ]
}
