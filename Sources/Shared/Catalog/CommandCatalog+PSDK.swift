import Foundation

/// PSDK and ESDK custom data, PSDK widgets and the speaker payload (reference §5.10; all docks).
extension CommandCatalog {
    static let psdk: [CommandType] = [
        CommandType(
            method: "custom_data_transmission_to_esdk", category: "psdk",
            description: "Sends custom data to the ESDK application on the dock.",
            payloadSchema: .object([customValue]), supportedModels: allDocks),
        CommandType(
            method: "custom_data_transmission_to_psdk", category: "psdk",
            description: "Sends custom data to the PSDK payload on the aircraft.",
            payloadSchema: .object([customValue]), supportedModels: allDocks),
        psdkCommand(
            "psdk_input_box_text_set", "Sets the text of a PSDK payload's input box.",
            [.required("value", .text(maxUTF8Bytes: 128), "The text, at most 128 bytes of UTF-8.")]),
        psdkCommand(
            "psdk_widget_value_set", "Sets the value of a PSDK payload's widget.",
            [
                .required("index", .int, "Index of the widget."),
                .required("value", .int, "New value of the widget."),
            ]),
        psdkCommand(
            "speaker_tts_play_start", "Makes the speaker read a text aloud.",
            [
                .required(
                    "tts",
                    .object([
                        .required("name", .nonEmptyText, "Name of the text."),
                        .required("text", .nonEmptyText, "The text to read."),
                        .required("md5", .md5, "MD5 of the text."),
                    ]),
                    "The text to speak.")
            ],
            progressEventMethods: ["speaker_tts_play_start_progress"]),
        psdkCommand(
            "speaker_audio_play_start", "Makes the speaker play an audio file.",
            [
                .required(
                    "file",
                    .object([
                        .required("name", .nonEmptyText, "Name of the audio."),
                        .required("url", .nonEmptyText, "Where the dock downloads the audio file."),
                        .required("md5", .md5, "MD5 of the audio file."),
                        .required("format", .enumText(["pcm"]), "\"pcm\", the only documented format."),
                    ]),
                    "The audio to play.")
            ],
            progressEventMethods: ["speaker_audio_play_start_progress"]),
        psdkCommand("speaker_replay", "Plays the last text or audio again."),
        psdkCommand("speaker_play_stop", "Stops playing."),
        psdkCommand(
            "speaker_play_mode_set", "Sets whether the speaker plays once or in a loop.",
            [.required("play_mode", .enumInt([0, 1]), "0 once, 1 loop.")]),
        psdkCommand(
            "speaker_play_volume_set", "Sets the speaker volume.",
            [.required("play_volume", .int(0...100), "Volume, 0 to 100.")]),
    ]

    // "< 256 bytes" (reference §5.10).
    private static let customValue: PayloadSchema.Property = .required(
        "value", .text(maxUTF8Bytes: 255), "The data, less than 256 bytes of UTF-8.")

    /// A command for one PSDK payload: `psdk_index` first, then the method's own fields.
    private static func psdkCommand(
        _ method: String, _ description: String, _ properties: [PayloadSchema.Property] = [],
        progressEventMethods: [String] = []
    ) -> CommandType {
        CommandType(
            method: method, category: "psdk", description: description,
            payloadSchema: .object(
                [.required("psdk_index", .psdkIndex, "The PSDK payload, from the device's psdk_widget_values.")]
                    + properties),
            supportedModels: allDocks, progressEventMethods: progressEventMethods)
    }
}
