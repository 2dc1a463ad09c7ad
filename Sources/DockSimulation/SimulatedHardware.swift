import Shared

/// The serial numbers and model keys of one simulated dock and the aircraft paired with it (reference §9.4).
///
/// Serials follow the shape of real ones, so logs and API lists look as they do with hardware: a dock serial of
/// 14 characters and an aircraft serial of 20 starting `1581F`. The Dock 3 / M4TD prefixes are those of the wire
/// samples (reference §18: `8UUXN3A00A0001`, `1581F8HGX254V00A0001`); the Dock 1 and Dock 2 prefixes are only
/// shaped like theirs. The last digits number the dock, so `index` 1 of Dock 3 is the sampled serial.
public struct SimulatedHardware: Sendable, Hashable {
    public var model: DockModel
    public var dockSN: String
    public var aircraftSN: String
    /// The paired aircraft's `domain-type-sub_type`: Matrice 30T, 3TD or 4TD (the thermal variant of each).
    public var aircraftModelKey: String

    public init(model: DockModel, index: Int) {
        self.model = model
        let number = Self.number(index)
        switch model {
        case .dock1:
            dockSN = "4TADK2E00A" + number
            aircraftSN = "1581F5BKD225D00A" + number
            aircraftModelKey = "0-67-1"
        case .dock2:
            dockSN = "7CTDM3D00A" + number
            aircraftSN = "1581F6Q8X24BJ00A" + number
            aircraftModelKey = "0-91-1"
        case .dock3:
            dockSN = "8UUXN3A00A" + number
            aircraftSN = "1581F8HGX254V00A" + number
            aircraftModelKey = "0-100-1"
        }
    }

    /// At least four digits, zero-padded; more for indices past 9999 (the serial grows rather than repeats).
    private static func number(_ index: Int) -> String {
        let digits = String(max(index, 0))
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
