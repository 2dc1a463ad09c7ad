import Logging
import ServiceLifecycle

/// The loop of a service that does one pass every `interval` (sweepers, pruners): it sleeps first, runs the
/// pass, logs a pass that failed and goes on, and returns at cancellation or graceful shutdown. A failed pass
/// never ends the service: the next one tries again.
public func repeatEvery(
    _ interval: Duration,
    logger: Logger,
    failure message: @autoclosure () -> Logger.Message,
    _ pass: () async throws -> Void
) async {
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        guard !Task.isCancelled && !Task.isShuttingDownGracefully else { return }
        do {
            try await pass()
        } catch {
            logger.warning(message(), metadata: ["error": "\(error)"])
        }
    }
}
