/// The `data` of the answers the platform gives by itself to requests it needs no database for (reference §6).
public enum PlatformReplies {
    /// `config`: flat, without `result`/`output` (reference §6 and §16.1 — the one exception to the reply shape).
    public static func config(app: DJIAppCredentials, ntpServerHost: String, ntpServerPort: Int) -> JSONValue {
        .object([
            "ntp_server_host": .string(ntpServerHost),
            "ntp_server_port": .integer(Int64(ntpServerPort)),
            "app_id": .string(app.appID),
            "app_key": .string(app.appKey),
            "app_license": .string(app.appLicense),
        ])
    }

    /// `flight_areas_get` with no custom flight areas: an empty, valid answer, so the dock does not wait about
    /// 40 s before takeoff (reference §6, DJI FAQ).
    public static let flightAreas: JSONValue = ok(output: ["files": .array([])])

    /// `offline_map_get` with offline maps off, in the demo's shape (reference §6).
    public static let offlineMap: JSONValue = ok(output: [
        "offline_map_enable": .bool(false), "files": .array([]),
    ])

    /// `storage_config_get`: where the dock uploads, with credentials valid for a duration in seconds
    /// (reference §6, §16.7). Each dock writes below `<prefix>/<dock SN>`.
    public static func storage(_ storage: ObjectStorageConfiguration, deviceSN: String) -> JSONValue {
        let prefix = storage.objectKeyPrefix.isEmpty ? deviceSN : "\(storage.objectKeyPrefix)/\(deviceSN)"
        return ok(output: [
            "bucket": .string(storage.bucket),
            "region": .string(storage.region),
            "endpoint": .string(storage.endpoint),
            "provider": .string(storage.provider.rawValue),
            "object_key_prefix": .string(prefix),
            "credentials": .object([
                "access_key_id": .string(storage.accessKeyID),
                "access_key_secret": .string(storage.secretAccessKey),
                "expire": .integer(Int64(storage.credentialsExpireSeconds)),
                "security_token": .string(storage.securityToken),
            ]),
        ])
    }

    /// `{"result": 0, "output": {...}}`.
    public static func ok(output: [String: JSONValue]) -> JSONValue {
        .object(["result": .integer(0), "output": .object(output)])
    }

    /// `{"result": code}`: how reference §6 says to answer a request the cloud refuses.
    public static func failure(_ code: Int) -> JSONValue {
        .object(["result": .integer(Int64(code))])
    }

    /// A published reply with the platform's own secrets masked, for showing to integrators: the DJI app key
    /// and license of `config`, and the storage secret and token of `storage_config_get`. They belong to the
    /// platform, not to one tenant; the database keeps the message exactly as it was published.
    public static func maskingSecrets(_ message: JSONValue) -> JSONValue {
        guard case .object(var object) = message, case .object(var data)? = object["data"] else { return message }
        for key in ["app_key", "app_license"] { masked(&data[key]) }
        if case .object(var output)? = data["output"], case .object(var credentials)? = output["credentials"] {
            for key in ["access_key_secret", "security_token"] { masked(&credentials[key]) }
            output["credentials"] = .object(credentials)
            data["output"] = .object(output)
        }
        object["data"] = .object(data)
        return .object(object)
    }

    public static let mask = "***"

    /// Masks a non-empty string; an absent or empty value stays as it is (an empty token hides nothing).
    private static func masked(_ value: inout JSONValue?) {
        if case .string(let text)? = value, !text.isEmpty { value = .string(mask) }
    }
}
