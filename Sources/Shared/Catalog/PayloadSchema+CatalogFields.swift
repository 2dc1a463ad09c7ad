import Foundation

/// Field schemas several catalog entries share.
extension PayloadSchema {
    /// `{sn}/{camera_index}/{video_index}` (reference §5.1).
    static let videoID: PayloadSchema = .text(
        matching: Pattern(
            regex: "^[^/]+/[^/]+/[^/]+$",
            meaning: "a video id {sn}/{camera_index}/{video_index} such as 1581F8HGX254V00A0001/99-0-0/normal-0",
            example: "1581F8HGX254V00A0001/99-0-0/normal-0"))

    /// `type-subtype-gimbalindex`, e.g. `99-0-0` (reference §5.7, §9.4).
    static let payloadIndex: PayloadSchema = .text(
        matching: Pattern(
            regex: "^[0-9]+-[0-9]+-[0-9]+$", meaning: "a payload index type-subtype-gimbalindex such as 99-0-0",
            example: "99-0-0"))

    /// An MD5 digest: KMZ fingerprints (reference §5.2), firmware and audio checksums (§5.4, §5.10).
    static let md5: PayloadSchema = .text(
        matching: Pattern(
            regex: "^[0-9a-fA-F]{32}$", meaning: "an MD5 digest of 32 hexadecimal digits",
            example: "9e107d9d372bb6826bd81d3542a419d6"))

    static let latitude: PayloadSchema = .double(-90...90)
    static let longitude: PayloadSchema = .double(-180...180)

    /// 0 or 1 where DJI uses an integer as a switch (`flight_safety_advance_check`, `is_enable`).
    static let switchInt: PayloadSchema = .enumInt([0, 1])

    /// A wayline file: `url` to fetch it from and its MD5 `fingerprint` (reference §5.2).
    static let waylineFile: PayloadSchema = .object([
        .required("url", .nonEmptyText, "Where the dock downloads the KMZ file from (e.g. a pre-signed URL)."),
        .required("fingerprint", .md5, "MD5 of the KMZ file."),
    ])

    /// A simulated flight in place of a real one (reference §5.2, §5.7); required keys per the demo's
    /// `SimulateMission`.
    static let simulateMission: PayloadSchema = .object([
        .required("is_enable", .switchInt, "0 off, 1 simulate the flight."),
        .required("latitude", .latitude, "Simulated take-off latitude, degrees."),
        .required("longitude", .longitude, "Simulated take-off longitude, degrees."),
        .optional("altitude", .double, "Simulated take-off altitude, m (Dock 3)."),
    ])

    /// The device a SIM/eSIM command addresses (reference §5.3).
    static let simDeviceType: PayloadSchema = .enumText(["dock", "drone"])

    /// Log modules (reference §5.5): "0" aircraft, "3" dock. Strings as in DJI's examples; the tables say int
    /// (§16.11), and the cloud sends what the examples show.
    static let logModule: PayloadSchema = .enumText(["0", "3"])

    /// The PSDK payload (e.g. speaker) a command addresses (reference §5.10).
    static let psdkIndex: PayloadSchema = .int(atLeast: 0)
}
