import Foundation

/// The dock generations the command catalog knows. The raw value is the product name the API shows
/// (`supported_models` of `GET /api/v1/open/downlink/command-types`), the same name `DJIModel` gives the key.
public enum DockModel: String, CaseIterable, Sendable, Codable {
    case dock1 = "DJI Dock"
    case dock2 = "DJI Dock 2"
    case dock3 = "DJI Dock 3"

    /// The dock of a gateway model key (`domain-type-sub_type`, reference §9.4); nil for anything that is not one
    /// of these docks (aircraft, remote controllers, future docks), which the catalog therefore does not vouch for.
    public init?(modelKey: String) {
        switch modelKey {
        case "3-1-0": self = .dock1
        case "3-2-0": self = .dock2
        case "3-3-0": self = .dock3
        default: return nil
        }
    }

    /// The gateway model key of this dock (reference §9.4).
    public var modelKey: String {
        switch self {
        case .dock1: "3-1-0"
        case .dock2: "3-2-0"
        case .dock3: "3-3-0"
        }
    }
}
