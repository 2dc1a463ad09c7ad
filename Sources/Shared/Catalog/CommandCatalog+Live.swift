import Foundation

/// Live streaming (reference §5.1).
extension CommandCatalog {
    static let live: [CommandType] = [
        CommandType(
            method: "live_start_push", category: "live",
            description: "Starts pushing the live video of one camera to a streaming server.",
            payloadSchema: .object([
                // 2 (RTSP) is defined only by the demo, for Pilot 2. The Dock 3 table omits Agora (0), but the Dock 3
                // example and the Dock 3 AI page use it, so 0 stays allowed for every dock.
                .required(
                    "url_type", .enumInt([0, 1, 3, 4]), "0 Agora, 1 RTMP, 3 GB28181, 4 WebRTC (WHIP signalling only)."),
                .required(
                    "url", .nonEmptyText,
                    "Stream address in the format of url_type: RTMP rtmp://host:port/app/stream; GB28181 "
                        + "serverIP=..&serverPort=..&serverID=..&agentID=..&agentPassword=..&localPort=..&channel=..; "
                        + "WHIP http://host:port/rtc/v1/whip/?app=live&stream=x; Agora channel=..&sn=..&token=..&uid=.."
                ),
                .required("video_id", .videoID, videoIDDescription),
                .required("video_quality", videoQuality, videoQualityDescription),
            ]),
            supportedModels: allDocks),
        CommandType(
            method: "live_stop_push", category: "live", description: "Stops the live video of one camera.",
            payloadSchema: .object([.required("video_id", .videoID, videoIDDescription)]),
            supportedModels: allDocks),
        CommandType(
            method: "live_set_quality", category: "live", description: "Changes the quality of a running live video.",
            payloadSchema: .object([
                .required("video_id", .videoID, videoIDDescription),
                .required("video_quality", videoQuality, videoQualityDescription),
            ]),
            supportedModels: allDocks),
        CommandType(
            method: "live_lens_change", category: "live",
            description: "Switches the lens a running live video shows.",
            payloadSchema: .object([
                // Missing from the dock pages' table but on the Pilot 2 pages and in the demo request: send it.
                .required("video_id", .videoID, videoIDDescription),
                // The Pilot 2 pages say "thermal" where the dock pages say "ir"; this catalog is for docks.
                .required("video_type", .enumText(["ir", "normal", "wide", "zoom"]), "The lens to show."),
            ]),
            supportedModels: allDocks),
        CommandType(
            method: "live_camera_change", category: "live",
            description: "Switches the dock camera's live video between the inside and the outside of the dock.",
            payloadSchema: .object([
                .required("video_id", .videoID, "Video id of the dock camera, e.g. {dock_sn}/165-0-7/normal-0."),
                .required("camera_position", .enumInt([0, 1]), "0 inside the dock, 1 outside."),
            ]),
            supportedModels: [.dock2, .dock3]),
    ]

    private static let videoIDDescription =
        "{sn}/{camera_index}/{video_index} of a camera the gateway advertises in its live_capacity state, "
        + "e.g. 1581F8HGX254V00A0001/99-0-0/normal-0."

    private static let videoQuality: PayloadSchema = .int(0...4)

    // Bitrates are left out: the DJI pages disagree on them (reference §16.6).
    private static let videoQualityDescription =
        "0 auto, 1 smooth (960×540), 2 standard (1280×720), 3 high (1280×720), 4 full HD (1920×1080)."
}
