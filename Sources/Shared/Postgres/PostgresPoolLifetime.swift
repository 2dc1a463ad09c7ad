import ServiceLifecycle

/// Closes a pool when the process shuts down. List it before the services that use the pool: a service group
/// shuts its services down in reverse order, so the pool closes after its users have stopped.
public struct PostgresPoolLifetime: Service {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await pool.close()
    }
}
