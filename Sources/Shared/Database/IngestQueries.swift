import Foundation

/// SQL the bridge runs for what devices send up: telemetry flushes, events, topology and liveness.
public enum IngestQueries {
    /// Taken (for the transaction) by every writer of `device_events` before it inserts, so ids are committed in
    /// the order they were drawn: a reader following the feed by id never passes an event that commits later
    /// with a smaller id. Writers are batched, so the lock is taken a few times a second.
    public static func lockEventFeed() -> PostgresQuery {
        "SELECT pg_advisory_xact_lock(\(Int64(0x6465_7669_6365_7673)))"
    }

    /// Folds one flush of telemetry deltas into `device_telemetry`, marks each device online and seen, and
    /// records `device_online` for the devices that were offline (or unknown), all in one statement.
    ///
    /// `batch` is a JSON array of objects with `sn`, `gateway_sn`, `osd`, `osd_at`, `state`, `state_at`,
    /// `seen_at`, `firmware_version` (nulls where a device sent nothing of that kind): one bind parameter, so
    /// the statement is the same whatever the batch size.
    ///
    /// Several bridges may flush one device in either order (a broker that round-robins a dock's messages over
    /// them). Every flush runs under `lockEventFeed()`, so flushes apply one after the other, and the times
    /// decide what wins: a delta older than the stored document (`osd_at` before `osd_updated_at`) is merged
    /// *under* it, adding the keys the document lacks and overwriting none, so an older flush never replaces a
    /// newer value; and a flush whose `seen_at` is not newer than `last_seen_at` does not bring an offline
    /// device back online (it only repeats what the liveness sweeper already judged).
    public static func flushTelemetry(batch: PostgresJSON) -> PostgresQuery {
        """
        WITH updates AS (
            SELECT * FROM jsonb_to_recordset(\(batch)) AS u(
                sn text, gateway_sn text, osd jsonb, osd_at timestamptz, state jsonb, state_at timestamptz,
                seen_at timestamptz, firmware_version text)
        ), previous AS (
            -- A plain read: every sub-statement sees the snapshot the statement started with, so this is the
            -- state before `seen` whichever runs first. `FOR UPDATE` here returned nothing once `seen` had
            -- updated the rows (PostgreSQL skips rows the same command already modified), which recorded a
            -- device_online on every flush. Concurrent writers are kept out by lockEventFeed().
            SELECT d.sn, d.online, d.last_seen_at FROM devices d JOIN updates u USING (sn)
        ), seen AS (
            INSERT INTO devices (sn, online, first_seen_at, last_seen_at, firmware_version)
            SELECT sn, true, seen_at, seen_at, firmware_version FROM updates
            ON CONFLICT (sn) DO UPDATE SET
                online = devices.online OR devices.last_seen_at IS NULL
                         OR excluded.last_seen_at > devices.last_seen_at,
                first_seen_at = coalesce(devices.first_seen_at, excluded.first_seen_at),
                last_seen_at = greatest(devices.last_seen_at, excluded.last_seen_at),
                firmware_version = coalesce(excluded.firmware_version, devices.firmware_version),
                updated_at = now()
            RETURNING sn
        ), telemetry AS (
            INSERT INTO device_telemetry (sn, osd, osd_updated_at, state, state_updated_at)
            SELECT sn, coalesce(osd, '{}'), osd_at, coalesce(state, '{}'), state_at FROM updates
            ON CONFLICT (sn) DO UPDATE SET
                osd = CASE WHEN excluded.osd_updated_at IS NULL THEN device_telemetry.osd
                           WHEN excluded.osd_updated_at < device_telemetry.osd_updated_at
                           THEN jsonb_merge_deep(excluded.osd, device_telemetry.osd)
                           ELSE jsonb_merge_deep(device_telemetry.osd, excluded.osd) END,
                osd_updated_at = greatest(excluded.osd_updated_at, device_telemetry.osd_updated_at),
                state = CASE WHEN excluded.state_updated_at IS NULL THEN device_telemetry.state
                             WHEN excluded.state_updated_at < device_telemetry.state_updated_at
                             THEN jsonb_merge_deep(excluded.state, device_telemetry.state)
                             ELSE jsonb_merge_deep(device_telemetry.state, excluded.state) END,
                state_updated_at = greatest(excluded.state_updated_at, device_telemetry.state_updated_at)
            RETURNING sn
        ), came_online AS (
            INSERT INTO device_events (device_sn, gateway_sn, method, data, received_at)
            SELECT u.sn, u.gateway_sn, 'device_online', '{"reason": "message"}', u.seen_at
            FROM updates u LEFT JOIN previous p USING (sn)
            WHERE p.sn IS NULL
               OR (NOT p.online AND (p.last_seen_at IS NULL OR u.seen_at > p.last_seen_at))
            RETURNING id
        )
        SELECT (SELECT count(*) FROM seen)::int8 AS devices,
               (SELECT count(*) FROM telemetry)::int8 AS telemetry,
               (SELECT count(*) FROM came_online)::int8 AS came_online
        """
    }

    /// How far apart two copies of one event (same device, method and `tid`) may arrive and still be stored
    /// once: the window of the bridge's own `RecentMessages`.
    public static let eventRepeatWindowSeconds = 60

    /// Stores a batch of events (JSON array of `device_sn`, `gateway_sn`, `method`, `tid`, `bid`, `need_reply`,
    /// `data`, `received_at`) in arrival order; returns the highest id stored.
    ///
    /// An event already stored with the same device, method and `tid` within `eventRepeatWindowSeconds` is a
    /// repeat (the dock sent it again, or the broker redelivered it) that reached another bridge, whose
    /// `RecentMessages` could not know it: it is skipped. Run under `lockEventFeed()`, which every writer of
    /// `device_events` takes first, the check sees every copy committed before, so it has no race.
    public static func insertEvents(batch: PostgresJSON) -> PostgresQuery {
        """
        WITH inserted AS (
            INSERT INTO device_events (device_sn, gateway_sn, method, tid, bid, need_reply, data, received_at)
            SELECT device_sn, gateway_sn, method, tid, bid, need_reply, data, received_at
            FROM ROWS FROM (jsonb_to_recordset(\(batch)) AS (
                device_sn text, gateway_sn text, method text, tid text, bid text, need_reply boolean, data jsonb,
                received_at timestamptz)) WITH ORDINALITY AS e(
                device_sn, gateway_sn, method, tid, bid, need_reply, data, received_at, ord)
            WHERE e.tid IS NULL OR NOT EXISTS (
                SELECT 1 FROM device_events d
                WHERE d.tid = e.tid AND d.device_sn = e.device_sn AND d.method = e.method
                  AND d.received_at BETWEEN e.received_at - make_interval(secs => \(eventRepeatWindowSeconds))
                                        AND e.received_at + make_interval(secs => \(eventRepeatWindowSeconds)))
            ORDER BY ord
            RETURNING id
        )
        SELECT max(id) AS last_id FROM inserted
        """
    }

    /// Marks devices silent since before `now - silenceSeconds` offline and records `device_offline` for each.
    /// `now` comes from the caller's clock, so tests move time instead of sleeping.
    public static func markSilentDevicesOffline(now: Date, silenceSeconds: Int) -> PostgresQuery {
        """
        WITH gone AS (
            UPDATE devices SET online = false, updated_at = now()
            WHERE online AND last_seen_at < \(now)::timestamptz - make_interval(secs => \(silenceSeconds))
            RETURNING sn, gateway_sn, last_seen_at
        )
        INSERT INTO device_events (device_sn, gateway_sn, method, data, received_at)
        SELECT sn, gateway_sn, 'device_offline',
               jsonb_build_object('reason', 'silence', 'last_seen_at', last_seen_at), \(now)::timestamptz
        FROM gone
        RETURNING device_sn
        """
    }

    /// The gateway and every device that is or was behind it, locked for a topology update.
    public static func lockTopology(gatewaySN: String, subDeviceSNs: [String]) -> PostgresQuery {
        """
        SELECT sn, online, gateway_sn FROM devices
        WHERE sn = \(gatewaySN) OR gateway_sn = \(gatewaySN)
           OR sn = ANY (string_to_array(\(subDeviceSNs.joined(separator: ",")), ','))
        ORDER BY sn
        FOR UPDATE
        """
    }

    /// Creates or updates a device as `update_topo` describes it, online and seen at `seenAt`. A sub-device
    /// joins its gateway's tenant when the gateway has one.
    public static func upsertTopologyDevice(
        _ device: DJITopology.Device,
        gatewaySN: String?,
        seenAt: Date
    ) -> PostgresQuery {
        """
        INSERT INTO devices (sn, gateway_sn, tenant_id, domain, type, sub_type, sub_device_index, thing_version,
                             online, first_seen_at, last_seen_at)
        VALUES (\(device.sn), \(gatewaySN), (SELECT tenant_id FROM devices WHERE sn = \(gatewaySN)),
                \(device.domain), \(device.type), \(device.subType), \(device.index), \(device.thingVersion),
                true, \(seenAt), \(seenAt))
        ON CONFLICT (sn) DO UPDATE SET
            gateway_sn = excluded.gateway_sn,
            tenant_id = coalesce(excluded.tenant_id, devices.tenant_id),
            domain = coalesce(excluded.domain, devices.domain),
            type = coalesce(excluded.type, devices.type),
            sub_type = coalesce(excluded.sub_type, devices.sub_type),
            sub_device_index = coalesce(excluded.sub_device_index, devices.sub_device_index),
            thing_version = coalesce(excluded.thing_version, devices.thing_version),
            online = true,
            first_seen_at = coalesce(devices.first_seen_at, excluded.first_seen_at),
            last_seen_at = greatest(devices.last_seen_at, excluded.last_seen_at),
            updated_at = now()
        """
    }

    /// A sub-device `update_topo` no longer lists: offline, still linked to its gateway.
    public static func markOffline(sn: String) -> PostgresQuery {
        "UPDATE devices SET online = false, updated_at = now() WHERE sn = \(sn)"
    }

    public static func insertLivenessEvent(
        sn: String,
        gatewaySN: String?,
        online: Bool,
        reason: String,
        at: Date
    ) -> PostgresQuery {
        """
        INSERT INTO device_events (device_sn, gateway_sn, method, data, received_at)
        VALUES (\(sn), \(gatewaySN), \(online ? "device_online" : "device_offline"),
                jsonb_build_object('reason', \(reason)::text), \(at))
        """
    }
}
