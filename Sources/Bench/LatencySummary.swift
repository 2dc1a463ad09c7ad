/// Percentiles of a set of latencies, in milliseconds (nearest rank: the value below which that share of the
/// samples lie, never an interpolation between two of them).
struct LatencySummary {
    var count: Int
    var p50: Double
    var p95: Double
    var p99: Double
    var max: Double

    init(milliseconds samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        func rank(_ share: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            let index = Int((share * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
        }
        p50 = rank(0.50)
        p95 = rank(0.95)
        p99 = rank(0.99)
        max = sorted.last ?? .nan
    }
}

extension Duration {
    /// The duration in milliseconds, as a fraction.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
