import Foundation

/// Product names by model key (`domain-type-sub_type`, reference §9.4). A key missing here is shown as
/// "unknown" and otherwise handled like any other: new DJI products must never break the platform.
public enum DJIModel {
    public static let unknown = "unknown"

    public static func name(forKey key: String?) -> String {
        key.flatMap { names[$0] } ?? unknown
    }

    /// The keys of a product name, for filtering by name (`?model=DJI Dock 3`).
    public static func keys(forName name: String) -> [String] {
        names.filter { $0.value.caseInsensitiveCompare(name) == .orderedSame }.map(\.key).sorted()
    }

    public static let names: [String: String] = [
        // Docks (domain 3)
        "3-1-0": "DJI Dock",
        "3-2-0": "DJI Dock 2",
        "3-3-0": "DJI Dock 3",
        // Dock aircraft (domain 0)
        "0-67-0": "Matrice 30",
        "0-67-1": "Matrice 30T",
        "0-91-0": "Matrice 3D",
        "0-91-1": "Matrice 3TD",
        "0-100-0": "Matrice 4D",
        "0-100-1": "Matrice 4TD",
        // Other aircraft flown through DJI Pilot 2
        "0-60-0": "Matrice 300 RTK",
        "0-89-0": "Matrice 350 RTK",
        "0-103-0": "Matrice 400",
        "0-77-0": "Mavic 3 Enterprise",
        "0-77-1": "Mavic 3 Thermal",
        "0-77-3": "Mavic 3 Thermal Advanced",
        "0-99-0": "Matrice 4E",
        "0-99-1": "Matrice 4T",
        // Remote controllers (domain 2)
        "2-56-0": "DJI Smart Controller Enterprise",
        "2-119-0": "DJI RC Plus",
        "2-144-0": "DJI RC Pro Enterprise",
        "2-174-0": "DJI RC Plus 2",
    ]
}
