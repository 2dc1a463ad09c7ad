import Foundation

/// Payload authority, camera shooting and gimbal aiming (reference §5.8). Every camera command names the payload
/// by `payload_index` and needs payload authority (`payload_authority_grab`).
extension CommandCatalog {
    static let cameraControl: [CommandType] = [
        payloadCommand("payload_authority_grab", "Takes payload (camera and gimbal) control authority for the cloud."),
        payloadCommand(
            "camera_mode_switch", "Switches the camera mode.",
            [.required("camera_mode", .enumInt([0, 1, 2, 3]), "0 photo, 1 video, 2 smart low-light, 3 panorama.")]),
        // Only a panorama reports progress, by camera_photo_take_progress events (reference §4.2).
        payloadCommand(
            "camera_photo_take", "Takes a photo; in panorama mode, progress follows by events.",
            progressEventMethods: ["camera_photo_take_progress"]),
        payloadCommand("camera_photo_stop", "Stops taking photos (e.g. a panorama or interval shooting)."),
        payloadCommand("camera_recording_start", "Starts recording video."),
        payloadCommand("camera_recording_stop", "Stops recording video."),
        payloadCommand(
            "camera_screen_drag", "Turns the gimbal (and the aircraft when locked) at the given speeds.",
            [
                .required("locked", .bool, "Whether the aircraft heading is locked to the gimbal."),
                .required("pitch_speed", .double, "Gimbal pitch speed, degrees/s."),
                .required("yaw_speed", .double, "Gimbal yaw speed, degrees/s."),
            ]),
        payloadCommand(
            "camera_aim", "Turns the camera to centre a point of the image.",
            [
                .required("camera_type", lensType, lensDescription),
                .required("locked", .bool, "Whether the aircraft heading is locked to the gimbal."),
                .required("x", imageCoordinate, "Horizontal position in the image, 0 (left) to 1."),
                .required("y", imageCoordinate, "Vertical position in the image, 0 (top) to 1."),
            ]),
        payloadCommand(
            "camera_frame_zoom", "Zooms the camera onto a rectangle of the image.",
            [
                .required("camera_type", lensType, lensDescription),
                .required("locked", .bool, "Whether the aircraft heading is locked to the gimbal."),
                .required("x", imageCoordinate, "Left edge of the rectangle, 0 to 1."),
                .required("y", imageCoordinate, "Top edge of the rectangle, 0 to 1."),
                .required("width", imageCoordinate, "Width of the rectangle, 0 to 1."),
                .required("height", imageCoordinate, "Height of the rectangle, 0 to 1."),
            ],
            models: [.dock2, .dock3]),
        payloadCommand(
            "camera_focal_length_set", "Sets the zoom factor of a lens.",
            [
                .required("camera_type", lensType, lensDescription),
                // One range for both lenses: the schema cannot tie the bound to camera_type.
                .required("zoom_factor", .double(2...200), "Zoom factor: 2 to 200 for visible lenses, 2 to 20 for ir."),
            ]),
        payloadCommand(
            "gimbal_reset", "Resets the gimbal.",
            [
                .required(
                    "reset_mode", .enumInt([0, 1, 2, 3]), "0 recenter, 1 point down, 2 recenter yaw, 3 pitch down.")
            ]),
        payloadCommand(
            "camera_look_at", "Turns the camera to look at a geographic point.",
            [
                .required("locked", .bool, "Whether the aircraft heading is locked to the gimbal."),
                .required("latitude", .latitude, "Latitude of the point, degrees."),
                .required("longitude", .longitude, "Longitude of the point, degrees."),
                // Bounds from the demo's CameraLookAtRequest.
                .required("height", .double(2...10000), "Ellipsoidal height of the point, m."),
            ]),
        payloadCommand(
            "camera_screen_split", "Turns the split-screen (wide and thermal side by side) view on or off.",
            [.required("enable", .bool, "true to split the screen.")]),
    ]

    /// A camera command: `payload_index` first, then the method's own fields.
    static func payloadCommand(
        _ method: String, _ description: String, _ properties: [PayloadSchema.Property] = [],
        models: Set<DockModel> = allDocks, progressEventMethods: [String] = []
    ) -> CommandType {
        CommandType(
            method: method, category: "payload", description: description,
            payloadSchema: .object(
                [.required("payload_index", .payloadIndex, "The camera, type-subtype-gimbalindex, e.g. 99-0-0.")]
                    + properties),
            supportedModels: models, progressEventMethods: progressEventMethods)
    }

    static let lensType: PayloadSchema = .enumText(["ir", "wide", "zoom"])
    static let lensDescription = "The lens: ir, wide or zoom."
    static let imageCoordinate: PayloadSchema = .double(0...1)
}
