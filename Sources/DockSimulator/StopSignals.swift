import Dispatch
import Foundation

/// SIGINT (Ctrl-C) and SIGTERM (what `scripts/run` and `kill` send) as an async stream, so `dock-sim` ends its run
/// the way `--seconds` does and prints its final summary instead of dying mid-line.
enum StopSignals {
    /// The dispatch sources, kept alive while the stream lives and cancelled when it ends.
    ///
    /// `@unchecked Sendable`: the only use after init is `cancel()` from the stream's termination handler, and
    /// Dispatch objects are thread-safe — `dispatch_source_cancel` may be called from any thread (dispatch/source.h:
    /// "asynchronously cancel the dispatch source").
    private final class Sources: @unchecked Sendable {
        let sources: [any DispatchSourceSignal]

        init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }

        func cancel() {
            for source in sources { source.cancel() }
        }
    }

    /// Yields the signal number each time one arrives. The default action of both signals is turned off while
    /// the stream lives: a `DispatchSourceSignal` only observes a signal, and the process would still end unless
    /// the signal is ignored (`signal(SIG_IGN)`), as Dispatch's documentation requires.
    static func stream() -> AsyncStream<Int32> {
        let queue = DispatchQueue(label: "dock-sim.signals")
        return AsyncStream { continuation in
            let sources = Sources(
                [SIGINT, SIGTERM].map { number in
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                    source.setEventHandler { continuation.yield(number) }
                    source.resume()
                    return source
                })
            continuation.onTermination = { _ in sources.cancel() }
        }
    }
}
