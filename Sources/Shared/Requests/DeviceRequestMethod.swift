/// The request methods the platform knows (reference §6), plus `update_topo`, which arrives on
/// `sys/product/{sn}/status` and is stored as a request too. Any other method is kept as its text and left to
/// the integrator.
public enum DeviceRequestMethod: String, Sendable, Hashable, CaseIterable {
    case config
    case airportBindStatus = "airport_bind_status"
    case airportOrganizationGet = "airport_organization_get"
    case airportOrganizationBind = "airport_organization_bind"
    case flightAreasGet = "flight_areas_get"
    case offlineMapGet = "offline_map_get"
    case storageConfigGet = "storage_config_get"
    case flighttaskResourceGet = "flighttask_resource_get"
    case flighttaskProgressGet = "flighttask_progress_get"
    case updateTopo = "update_topo"

    /// The methods whose answer comes from dock binding (reference §12 steps 3–5).
    public var isBinding: Bool {
        switch self {
        case .airportBindStatus, .airportOrganizationGet, .airportOrganizationBind: true
        default: false
        }
    }
}
