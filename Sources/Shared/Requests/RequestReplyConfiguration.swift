/// What the platform needs to answer device requests by itself, and how long a request waits for an
/// integrator. Read from the environment by `RequestReplyConfiguration(environment:)`; defaults and variables
/// in docs/configuration.md.
public struct RequestReplyConfiguration: Sendable, Hashable {
    /// The "Cloud API" app from DJI's developer site; the dock validates its license with it (reference §12
    /// step 2). Nil when not configured: `config` then waits for a manual reply.
    public var app: DJIAppCredentials?
    /// The NTP server the dock synchronises its clock with.
    public var ntpServerHost: String = "pool.ntp.org"
    public var ntpServerPort: Int = 123
    /// Where docks upload media. Nil when not configured: `storage_config_get` then waits for a manual reply.
    public var storage: ObjectStorageConfiguration?
    /// How long a request waits for a manual reply before it is marked `EXPIRED`.
    public var replyTimeout: Duration = .seconds(60)

    public init(app: DJIAppCredentials? = nil, storage: ObjectStorageConfiguration? = nil) {
        self.app = app
        self.storage = storage
    }
}

/// The DJI Cloud API app credentials a `config` reply carries. The description never shows the key or license.
public struct DJIAppCredentials: Sendable, Hashable, CustomStringConvertible {
    public var appID: String
    public var appKey: String
    public var appLicense: String

    public init(appID: String, appKey: String, appLicense: String) {
        self.appID = appID
        self.appKey = appKey
        self.appLicense = appLicense
    }

    public var description: String { "DJIAppCredentials(app_id: \(appID), app_key: ***, app_license: ***)" }
}

/// The object storage a `storage_config_get` reply describes (reference §6). The description never shows the
/// secret or the token.
public struct ObjectStorageConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// DJI's names for the storage flavours.
    public enum Provider: String, Sendable, Hashable, CaseIterable {
        case aws, ali, minio
    }

    public var provider: Provider
    public var endpoint: String
    public var bucket: String
    public var region: String
    /// Prepended to every object key; the dock's SN follows it (`media/8UUXN3A00A0001`).
    public var objectKeyPrefix: String
    public var accessKeyID: String
    public var secretAccessKey: String
    /// STS session token for temporary credentials; empty for static ones.
    public var securityToken: String
    /// How long the dock may use the credentials, as a duration in seconds (reference §6, §16.7).
    public var credentialsExpireSeconds: Int

    public init(
        provider: Provider,
        endpoint: String,
        bucket: String,
        region: String,
        objectKeyPrefix: String,
        accessKeyID: String,
        secretAccessKey: String,
        securityToken: String,
        credentialsExpireSeconds: Int
    ) {
        self.provider = provider
        self.endpoint = endpoint
        self.bucket = bucket
        self.region = region
        self.objectKeyPrefix = objectKeyPrefix
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.securityToken = securityToken
        self.credentialsExpireSeconds = credentialsExpireSeconds
    }

    public var description: String {
        "ObjectStorageConfiguration(provider: \(provider.rawValue), endpoint: \(endpoint), bucket: \(bucket), "
            + "region: \(region), access_key_id: \(accessKeyID), secret: ***)"
    }
}
