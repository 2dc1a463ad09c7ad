import Foundation

/// Camera storage, exposure, focus and thermal metering settings (reference §5.8).
extension CommandCatalog {
    static let cameraSettings: [CommandType] = [
        payloadCommand(
            "photo_storage_set", "Chooses which lenses' photos are stored.",
            [
                .required(
                    "photo_storage_settings", .list(of: .enumText(["current", "vision", "ir"]), atLeast: 1),
                    "Lenses to store: current, vision, ir.")
            ]),
        payloadCommand(
            "video_storage_set", "Chooses which lenses' videos are stored.",
            [
                .required(
                    "video_storage_settings", .list(of: .enumText(["current", "wide", "zoom", "ir"]), atLeast: 1),
                    "Lenses to store: current, wide, zoom, ir.")
            ]),
        payloadCommand(
            "camera_exposure_mode_set", "Sets the exposure mode of a lens.",
            [
                .required("camera_type", exposureLens, exposureLensDescription),
                .required(
                    "exposure_mode", .enumInt([1, 2, 3, 4]),
                    "1 auto, 2 shutter priority, 3 aperture priority, 4 manual."),
            ]),
        payloadCommand(
            "camera_exposure_set", "Sets the exposure compensation of a lens.",
            [
                .required("camera_type", exposureLens, exposureLensDescription),
                .required(
                    "exposure_value", .enumInt(Array(1...31) + [255]),
                    "1 = -5.0 EV … 16 = 0 EV … 31 = +5.0 EV in steps of 1/3 EV; 255 fixed."),
            ]),
        payloadCommand(
            "camera_focus_mode_set", "Sets the focus mode of a lens.",
            [
                .required("camera_type", exposureLens, exposureLensDescription),
                .required(
                    "focus_mode", .enumInt([0, 1, 2]), "0 manual, 1 single auto (AFS), 2 continuous auto (AFC)."),
            ]),
        payloadCommand(
            "camera_focus_value_set", "Sets the manual focus value of a lens.",
            [
                .required("camera_type", exposureLens, exposureLensDescription),
                .required(
                    "focus_value", .int,
                    "Focus value within the camera's zoom_min_focus_value…zoom_max_focus_value properties."),
            ]),
        payloadCommand(
            "camera_point_focus_action", "Focuses a lens on a point of the image.",
            [
                .required("camera_type", exposureLens, exposureLensDescription),
                .required("x", imageCoordinate, "Horizontal position in the image, 0 (left) to 1."),
                .required("y", imageCoordinate, "Vertical position in the image, 0 (top) to 1."),
            ]),
        payloadCommand(
            "ir_metering_mode_set", "Sets the thermal temperature measurement mode.",
            [.required("mode", .enumInt([0, 1, 2]), "0 off, 1 point, 2 area.")]),
        payloadCommand(
            "ir_metering_point_set", "Sets the point of thermal point measurement.",
            [
                .required("x", imageCoordinate, "Horizontal position in the image, 0 (left) to 1."),
                .required("y", imageCoordinate, "Vertical position in the image, 0 (top) to 1."),
            ]),
        payloadCommand(
            "ir_metering_area_set", "Sets the rectangle of thermal area measurement.",
            [
                .required("x", imageCoordinate, "Left edge of the rectangle, 0 to 1."),
                .required("y", imageCoordinate, "Top edge of the rectangle, 0 to 1."),
                .required("width", imageCoordinate, "Width of the rectangle, 0 to 1."),
                .required("height", imageCoordinate, "Height of the rectangle, 0 to 1."),
            ]),
    ]

    // Exposure and focus apply to the visible lenses only (reference §5.8; the demo's ExposureCameraTypeEnum).
    private static let exposureLens: PayloadSchema = .enumText(["wide", "zoom"])
    private static let exposureLensDescription = "The lens: wide or zoom."
}
