import Foundation

/// Media upload priority (reference §5.6). The upload itself is started by the device.
extension CommandCatalog {
    static let media: [CommandType] = [
        CommandType(
            method: "upload_flighttask_media_prioritize", category: "media",
            description: "Uploads the media of one flight task before the others.",
            payloadSchema: .object([.required("flight_id", .nonEmptyText, "The flight task whose media go first.")]),
            supportedModels: allDocks)
    ]
}
