import Foundation

/// Device log upload (reference §5.5).
extension CommandCatalog {
    static let logs: [CommandType] = [
        CommandType(
            method: "fileupload_list", category: "logs",
            description: "Lists the log files of the aircraft and/or the dock; the reply carries data.files.",
            payloadSchema: .object([
                .required("module_list", .list(of: .logModule, atLeast: 1), "Whose logs: \"0\" aircraft, \"3\" dock.")
            ]),
            supportedModels: allDocks),
        CommandType(
            method: "fileupload_start", category: "logs",
            description: "Uploads log files to object storage with temporary credentials.",
            payloadSchema: .object([
                .required("bucket", .nonEmptyText, "Bucket to upload to."),
                .required("region", .text, "Region of the bucket."),
                .required("endpoint", .nonEmptyText, "Object storage endpoint."),
                .required("provider", .enumText(["ali", "aws", "minio"]), "Object storage provider."),
                .required("credentials", credentials, "Temporary credentials for the upload."),
                .required(
                    "params",
                    .object([.required("files", .list(of: logFile, atLeast: 1), "The log files to upload.")]),
                    "What to upload."),
            ]),
            supportedModels: allDocks, progressEventMethods: ["fileupload_progress"]),
        CommandType(
            method: "fileupload_update", category: "logs", description: "Cancels a running log upload.",
            payloadSchema: .object([
                .required("status", .enumText(["cancel"]), "\"cancel\", the only documented value."),
                .required(
                    "module_list", .list(of: .logModule, atLeast: 1), "Whose upload: \"0\" aircraft, \"3\" dock."),
            ]),
            supportedModels: allDocks),
    ]

    private static let credentials: PayloadSchema = .object([
        .required("access_key_id", .nonEmptyText, "Access key id."),
        .required("access_key_secret", .nonEmptyText, "Access key secret."),
        // Seconds (a duration) per the docs and the demo; one DJI example shows an ms epoch (reference §16.7).
        .required("expire", .int(atLeast: 0), "Validity of the credentials, s."),
        .required("security_token", .text, "Session token of the temporary credentials."),
    ])

    private static let logFile: PayloadSchema = .object([
        .required("module", .logModule, "\"0\" aircraft, \"3\" dock."),
        .required("object_key", .nonEmptyText, "Object key to store the file under."),
        .required(
            "list",
            .list(
                of: .object([.required("boot_index", .int(atLeast: 0), "Boot index from fileupload_list.")]),
                atLeast: 1),
            "The log files of that module, by boot index."),
    ])
}
