internal import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostgresConnection {
    /// Subscribes the session to `channels` (LISTEN with quoted identifiers, so any channel name works
    /// and case is kept, as `pg_notify('Name', ...)` expects).
    func listen(to channels: [String]) async throws {
        for channel in channels {
            try await query("LISTEN \(unescaped: Self.quotedIdentifier(channel))")
        }
    }

    /// Waits up to `timeoutMilliseconds` for notifications and returns those that arrived (maybe none).
    ///
    /// libpq keeps notifications that arrived during earlier calls; they are returned first. Otherwise the
    /// connection's queue poll()s the socket (bounded, so the caller can notice cancellation between
    /// calls), lets PQconsumeInput read what came, and drains PQnotifies.
    /// - Throws: a `.connection` error when the server went away.
    func notifications(waitingAtMost timeoutMilliseconds: Int32) async throws -> [PostgresNotification] {
        try await onQueue { connection in
            var notifications = Self.drainNotifications(of: connection)
            guard notifications.isEmpty else {
                return notifications
            }
            let socket = PQsocket(connection)
            guard socket >= 0 else {
                throw PostgresError(kind: .connection, message: LibPQ.errorMessage(of: connection))
            }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, timeoutMilliseconds)
            if ready < 0, errno != EINTR {
                throw PostgresError(
                    kind: .connection, message: "poll() on the PostgreSQL socket failed: errno \(errno)")
            }
            // A socket closed by the server is readable: PQconsumeInput reads the end of the stream, fails
            // and sets the status to CONNECTION_BAD.
            if ready > 0, PQconsumeInput(connection) == 0 || PQstatus(connection) != CONNECTION_OK {
                throw PostgresError(kind: .connection, message: LibPQ.errorMessage(of: connection))
            }
            notifications = Self.drainNotifications(of: connection)
            return notifications
        }
    }

    private static func drainNotifications(of connection: OpaquePointer) -> [PostgresNotification] {
        var notifications: [PostgresNotification] = []
        while let notify = PQnotifies(connection) {
            notifications.append(
                PostgresNotification(
                    channel: String(cString: notify.pointee.relname),
                    payload: String(cString: notify.pointee.extra)
                )
            )
            PQfreemem(notify)
        }
        return notifications
    }

    /// `"name"` with inner quotes doubled: SQL's quoting of identifiers.
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
