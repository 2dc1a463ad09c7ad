import Foundation

/// SQL of `device_requests`: the bridge stores requests and publishes queued replies, the API lists them and
/// queues replies, the sweeper expires them.
public enum DeviceRequestQueries {
    /// The tenant of the device a request came from and the tenant's override for the method, if any; one row
    /// even for a device the registry does not know (both NULL then).
    public static func routingContext(deviceSN: String, requestType: String) -> PostgresQuery {
        """
        SELECT d.tenant_id, p.decision
        FROM (SELECT \(deviceSN)::text AS sn) AS s
        LEFT JOIN devices d ON d.sn = s.sn
        LEFT JOIN request_routing_policies p ON p.tenant_id = d.tenant_id AND p.request_type = \(requestType)
        """
    }

    /// How far apart two copies of one request (same device, method and `tid`) may arrive and still be stored
    /// once: the window of a bridge's own `RecentMessages`.
    public static let repeatWindowSeconds = 60

    /// Stores a request with the tenant its device has now. Idempotent on `request_id`, so a retry after a
    /// write whose outcome was unknown (the connection dropped around the commit) stores it once. U+0000 is
    /// replaced (``NewDeviceRequest/storable``), so no device message makes the insert fail for good.
    ///
    /// A request already stored with the same device, method and `tid` within `repeatWindowSeconds` is a dock's
    /// repeat that reached another bridge (shared subscriptions hand consecutive messages to different bridges,
    /// and each bridge's `RecentMessages` sees only its own): it is not stored again, so an integrator never sees
    /// one request twice. Two copies stored in the same instant by two bridges could both pass the check; a dock
    /// repeats a request after seconds, not microseconds.
    public static func insert(_ request: NewDeviceRequest) -> PostgresQuery {
        let request = request.storable
        return """
            INSERT INTO device_requests (
                request_id, vendor, device_sn, gateway_sn, tenant_id, request_type, tid, bid, inbound_payload,
                routing_decision, reply_source, reply_code, reply_message, standardized_reply, received_at, expires_at,
                replied_at)
            SELECT
                \(request.requestID)::uuid, 'dji', \(request.deviceSN)::text, \(request.gatewaySN)::text,
                (SELECT tenant_id FROM devices WHERE sn = \(request.deviceSN)), \(request.requestType)::text,
                \(request.tid)::text, \(request.bid)::text, \(PostgresJSON(text: request.inboundPayload.jsonText))::jsonb,
                \(request.decision.rawValue)::text, \(request.decision.replySource.rawValue)::text,
                \(request.replyCode.rawValue)::text, \(request.replyMessage)::text,
                \(PostgresJSON(text: (request.standardizedReply ?? .object([:])).jsonText))::jsonb,
                \(request.receivedAt)::timestamptz, \(request.expiresAt)::timestamptz, \(request.repliedAt)::timestamptz
            WHERE \(request.tid)::text IS NULL OR NOT EXISTS (
                SELECT 1 FROM device_requests r
                WHERE r.device_sn = \(request.deviceSN) AND r.request_type = \(request.requestType)
                  AND r.tid = \(request.tid)::text
                  AND r.received_at BETWEEN \(request.receivedAt)::timestamptz - make_interval(secs => \(repeatWindowSeconds))
                                        AND \(request.receivedAt)::timestamptz + make_interval(secs => \(repeatWindowSeconds)))
            ON CONFLICT (request_id) DO NOTHING
            """
    }

    /// A tenant's requests, newest first, after the cursor position; nil filters match everything.
    public static func list(
        tenantID: UUID,
        vendor: String?,
        deviceSN: String?,
        requestType: String?,
        replyCode: String?,
        after: DeviceRequestCursor?,
        limit: Int
    ) -> PostgresQuery {
        """
        SELECT \(unescaped: columns) FROM device_requests
        WHERE tenant_id = \(tenantID)
          AND (\(vendor)::text IS NULL OR vendor = \(vendor)::text)
          AND (\(deviceSN)::text IS NULL OR device_sn = \(deviceSN)::text)
          AND (\(requestType)::text IS NULL OR request_type = \(requestType)::text)
          AND (\(replyCode)::text IS NULL OR reply_code = \(replyCode)::text)
          AND (\(after?.receivedMicroseconds)::int8 IS NULL
               OR (received_at, request_id) < (
                   'epoch'::timestamptz + \(after?.receivedMicroseconds)::int8 * interval '1 microsecond',
                   \(after?.requestID)::uuid))
        ORDER BY received_at DESC, request_id DESC
        LIMIT \(limit)
        """
    }

    /// One request of a tenant.
    public static func find(tenantID: UUID, requestID: UUID) -> PostgresQuery {
        "SELECT \(unescaped: columns) FROM device_requests WHERE tenant_id = \(tenantID) AND request_id = \(requestID)"
    }

    /// One request whatever its tenant: for the bridge, operators and tests, never for an API route.
    public static func find(requestID: UUID) -> PostgresQuery {
        "SELECT \(unescaped: columns) FROM device_requests WHERE request_id = \(requestID)"
    }

    /// A tenant's request, locked until the transaction ends, so two replies to it cannot both be queued.
    public static func lockForReply(tenantID: UUID, requestID: UUID) -> PostgresQuery {
        """
        SELECT reply_code, expires_at FROM device_requests
        WHERE tenant_id = \(tenantID) AND request_id = \(requestID)
        FOR UPDATE
        """
    }

    /// Queues an integrator's reply for the bridge (inside the transaction of ``lockForReply(tenantID:requestID:)``).
    public static func queueReply(requestID: UUID, data: JSONValue, note: String?, apiID: String, at: Date)
        -> PostgresQuery
    {
        """
        UPDATE device_requests SET
            reply_code = 'QUEUED', queued_reply_data = \(PostgresJSON(text: data.jsonText)), reply_note = \(note),
            reply_message = coalesce(\(note), 'queued for publication'), queued_at = \(at), queued_by = \(apiID),
            updated_at = now()
        WHERE request_id = \(requestID) AND reply_code = 'PENDING'
        RETURNING \(unescaped: columns)
        """
    }

    /// Claims up to `limit` queued replies nobody is publishing and records the attempt in the same statement,
    /// which commits before anything is published: a bridge that dies while publishing leaves the attempt
    /// behind, and the reply is never published a second time. `SKIP LOCKED` lets several bridges share the work.
    public static func claimQueued(bridgeID: String, at: Date, limit: Int) -> PostgresQuery {
        """
        WITH claimed AS (
            SELECT request_id FROM device_requests
            WHERE reply_code = 'QUEUED' AND publish_attempted_at IS NULL
            ORDER BY queued_at
            LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
        )
        UPDATE device_requests r SET publish_attempted_at = \(at), publish_attempted_by = \(bridgeID), updated_at = now()
        FROM claimed WHERE r.request_id = claimed.request_id
        RETURNING r.request_id, r.device_sn, r.gateway_sn, r.inbound_payload, r.queued_reply_data
        """
    }

    /// A claimed reply was published: `SENT` with what was sent.
    public static func markSent(requestID: UUID, bridgeID: String, message: JSONValue, at: Date) -> PostgresQuery {
        """
        UPDATE device_requests SET
            reply_code = 'SENT', replied_at = \(at), standardized_reply = \(PostgresJSON(text: message.jsonText)),
            reply_message = coalesce(reply_note, 'published to the device'), updated_at = now()
        WHERE request_id = \(requestID) AND reply_code = 'QUEUED' AND publish_attempted_by = \(bridgeID)
        """
    }

    /// A claimed reply was not sent at all: let a later scan try again.
    public static func releaseAttempt(requestID: UUID, bridgeID: String) -> PostgresQuery {
        """
        UPDATE device_requests SET publish_attempted_at = NULL, publish_attempted_by = NULL, updated_at = now()
        WHERE request_id = \(requestID) AND reply_code = 'QUEUED' AND publish_attempted_by = \(bridgeID)
        """
    }

    /// A claimed reply failed for good (or its outcome is unknown).
    public static func markFailed(requestID: UUID, bridgeID: String, message: String) -> PostgresQuery {
        """
        UPDATE device_requests SET reply_code = 'FAILED', reply_message = \(message), updated_at = now()
        WHERE request_id = \(requestID) AND reply_code = 'QUEUED' AND publish_attempted_by = \(bridgeID)
        """
    }

    /// Replies this bridge had claimed in an earlier life and never finished: it may have published them just
    /// before it stopped, so they are `FAILED`, never published again. Run before the first claim.
    public static func failInterruptedAttempts(bridgeID: String) -> PostgresQuery {
        """
        UPDATE device_requests SET
            reply_code = 'FAILED', updated_at = now(),
            reply_message = 'the bridge stopped while publishing this reply; the device may or may not have received it'
        WHERE reply_code = 'QUEUED' AND publish_attempted_by = \(bridgeID)
        RETURNING request_id
        """
    }

    /// Attempts of any bridge older than `olderThanSeconds` (a bridge that never came back): `FAILED`.
    public static func failStaleAttempts(now: Date, olderThanSeconds: Int) -> PostgresQuery {
        """
        UPDATE device_requests SET
            reply_code = 'FAILED', updated_at = now(),
            reply_message = 'the bridge publishing this reply went away; the device may or may not have received it'
        WHERE reply_code = 'QUEUED'
          AND publish_attempted_at < \(now)::timestamptz - make_interval(secs => \(olderThanSeconds))
        RETURNING request_id
        """
    }

    /// Pending requests nobody answered before `expires_at`: `EXPIRED`.
    public static func expirePending(now: Date) -> PostgresQuery {
        """
        UPDATE device_requests SET
            reply_code = 'EXPIRED', updated_at = now(),
            reply_message = 'no reply before ' || to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                || '; the device stopped waiting'
        WHERE reply_code = 'PENDING' AND expires_at <= \(now)
        RETURNING request_id
        """
    }

    private static let columns = """
        request_id, vendor, device_sn, gateway_sn, tenant_id, request_type, tid, bid, inbound_payload, \
        routing_decision, reply_source, reply_code, reply_message, standardized_reply, received_at, expires_at, \
        replied_at, updated_at, (extract(epoch FROM received_at) * 1000000)::int8 AS received_us
        """
}
