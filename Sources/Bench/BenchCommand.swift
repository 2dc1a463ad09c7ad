import ArgumentParser

/// `dockgate-bench`: load generators that measure a running dockgate from outside, as devices would.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dockgate-bench",
        abstract: "Measure dockgate with simulated device traffic (see docs/benchmarks.md).",
        subcommands: [CommandBenchmark.self, CeilingsBenchmark.self, TelemetryBenchmark.self]
    )
}
