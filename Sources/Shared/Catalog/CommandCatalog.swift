import Foundation

/// Every DJI `services` method of the reference (§5.1–§5.10) that integrators may send, with its payload schema.
///
/// Categories (reference section): `live` (§5.1), `wayline` (§5.2), `debug` remote debugging and dock
/// maintenance (§5.3), `firmware` (§5.4), `logs` (§5.5), `media` (§5.6), `drc` entering and leaving Drone Remote
/// Control (§5.7, §11), `flight_control` flight authority, take-off/fly to a point and POI (§5.7), `payload`
/// payload authority, camera and gimbal (§5.8), `flight_areas` custom flight areas, offline map and fly-safe
/// unlocking (§5.9), `psdk` PSDK/ESDK data, widgets and speaker (§5.10).
///
/// How the schemas were read from the reference:
/// - A field the reference lists for a method is required, unless the reference (or the DJI demo it cites)
///   marks it optional, conditional or limited to some docks or to leap-frog missions; those are optional and
///   their description says when to send them. Validation does not depend on the dock model, so a field only
///   one dock documents is optional for all.
/// - Ranges and enumerations are the reference's; where it gives none, the DJI demo's checks are used and the
///   entry says so.
///
/// Left out on purpose:
/// - The `drc/down` commands of §5.11 and §11 (`stick_control`, `drc_camera_*`, `drone_emergency_stop`, …): they
///   are not `services` methods; they travel on the DRC link opened by `drc_mode_enter`, without `tid`/`bid`.
/// - `flighttask_create` (deprecated; replaced by `flighttask_prepare` + `flighttask_execute`) and
///   `flight_areas_delete` (a name in the demo's enum, never documented nor sent, no known data) (§5.2, §5.9).
public enum CommandCatalog {
    /// Every entry, ordered by category then method.
    public static let all: [CommandType] =
        (live + wayline + remoteDebug + firmware + logs + media + drc
        + flightControl + cameraControl + cameraSettings + flightAreas + psdk)
        .sorted { ($0.category, $0.method) < ($1.category, $1.method) }

    /// The entry of a DJI method name; nil for a method the catalog does not offer.
    public static func entry(_ method: String) -> CommandType? {
        byMethod[method]
    }

    // Duplicates are a catalog bug the tests catch; keeping the first keeps a duplicate from trapping at start-up.
    private static let byMethod: [String: CommandType] = Dictionary(
        all.map { ($0.method, $0) }, uniquingKeysWith: { first, _ in first })

    static let allDocks: Set<DockModel> = Set(DockModel.allCases)
}
