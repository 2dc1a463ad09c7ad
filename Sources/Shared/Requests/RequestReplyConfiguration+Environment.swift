extension RequestReplyConfiguration {
    /// Reads `DJI_APP_*`, `NTP_SERVER_*`, `STORAGE_*` and `REQUEST_REPLY_TIMEOUT_SECONDS`. A group that is set
    /// only in part (a key without its license, a bucket without credentials) is an error naming the first
    /// missing variable: half a configuration would answer docks with something they cannot use.
    public init(environment: Environment) throws(ConfigurationError) {
        self.init()
        if let values = try Self.group(["DJI_APP_ID", "DJI_APP_KEY", "DJI_APP_LICENSE"], in: environment) {
            app = DJIAppCredentials(appID: values[0], appKey: values[1], appLicense: values[2])
        }
        ntpServerHost = environment.string("NTP_SERVER_HOST", default: ntpServerHost)
        ntpServerPort = try environment.int("NTP_SERVER_PORT", default: ntpServerPort, range: 1...65535)
        let storageNames = [
            "STORAGE_ENDPOINT", "STORAGE_BUCKET", "STORAGE_REGION", "STORAGE_ACCESS_KEY_ID",
            "STORAGE_SECRET_ACCESS_KEY",
        ]
        if let values = try Self.group(storageNames, in: environment) {
            storage = ObjectStorageConfiguration(
                provider: try environment.oneOf("STORAGE_PROVIDER", default: .aws),
                endpoint: values[0],
                bucket: values[1],
                region: values[2],
                objectKeyPrefix: environment.string("STORAGE_OBJECT_KEY_PREFIX", default: "media"),
                accessKeyID: values[3],
                secretAccessKey: values[4],
                securityToken: environment.string("STORAGE_SECURITY_TOKEN", default: ""),
                credentialsExpireSeconds: try environment.int(
                    "STORAGE_CREDENTIALS_EXPIRE_SECONDS", default: 3600, range: 60...43_200)
            )
        }
        replyTimeout = .seconds(
            try environment.int("REQUEST_REPLY_TIMEOUT_SECONDS", default: 60, range: 5...86_400))
    }

    /// The values of `names` when all are set, nil when none is; an error naming the first missing one otherwise.
    private static func group(_ names: [String], in environment: Environment) throws(ConfigurationError)
        -> [String]?
    {
        let values = names.map(environment.string)
        if values.allSatisfy({ $0 == nil }) { return nil }
        guard let missing = names.indices.first(where: { values[$0] == nil }) else { return values.compactMap { $0 } }
        let given = names.indices.filter { values[$0] != nil }.map { names[$0] }.joined(separator: ", ")
        throw ConfigurationError(variable: names[missing], problem: "is required when \(given) is set")
    }
}
