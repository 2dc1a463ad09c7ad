import Foundation

extension Duration {
    /// The duration in seconds, with its fraction.
    var seconds: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
