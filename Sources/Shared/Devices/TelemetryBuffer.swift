import Foundation
import Synchronization

/// The telemetry a bridge received since its last flush, merged per device, so a device that sends ten
/// messages a second costs the database one row per flush.
///
/// Only deltas are kept: the flush folds them into the stored documents with `jsonb_merge_deep`, which has
/// the same semantics as `TelemetryMerge`, so merging deltas first and the result into the stored document
/// gives what merging each message into it would.
public final class TelemetryBuffer: Sendable {
    /// One device's changes since the last flush.
    public struct Pending: Sendable, Hashable {
        public var sn: String
        public var gatewaySN: String?
        public var osd: JSONValue?
        public var osdAt: Date?
        public var state: JSONValue?
        public var stateAt: Date?
        public var seenAt: Date
        public var firmwareVersion: String?
    }

    public enum Kind: Sendable {
        case osd
        case state
    }

    private let pending = Mutex<[String: Pending]>([:])

    public init() {}

    /// Adds one message's data. A U+0000 in a string (which `jsonb` refuses) becomes U+FFFD, so one odd
    /// message cannot make every later flush fail.
    public func record(sn: String, gatewaySN: String?, kind: Kind, data: JSONValue, at time: Date) {
        let data = data.replacingNUL
        pending.withLock { pending in
            var entry = pending[sn] ?? Pending(sn: sn, seenAt: time)
            entry.gatewaySN = gatewaySN ?? entry.gatewaySN
            entry.seenAt = max(entry.seenAt, time)
            switch kind {
            case .osd:
                entry.osd = TelemetryMerge.merge(data, into: entry.osd ?? .object([:]))
                entry.osdAt = max(entry.osdAt ?? time, time)
            case .state:
                entry.state = TelemetryMerge.merge(data, into: entry.state ?? .object([:]))
                entry.stateAt = max(entry.stateAt ?? time, time)
            }
            // DJI reports the firmware as a property (dock and aircraft `firmware_version`).
            if let firmware = DJILenient.string(data["firmware_version"]) { entry.firmwareVersion = firmware }
            pending[sn] = entry
        }
    }

    /// Takes everything pending, leaving the buffer empty.
    public func drain() -> [Pending] {
        pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending.values.sorted { $0.sn < $1.sn }
        }
    }

    /// Puts back a drained batch whose write failed, under anything that arrived since (which is newer).
    public func restore(_ batch: [Pending]) {
        pending.withLock { pending in
            for older in batch {
                guard var newer = pending[older.sn] else {
                    pending[older.sn] = older
                    continue
                }
                newer.gatewaySN = newer.gatewaySN ?? older.gatewaySN
                newer.osd = Self.combine(older: older.osd, newer: newer.osd)
                newer.osdAt = newer.osdAt ?? older.osdAt
                newer.state = Self.combine(older: older.state, newer: newer.state)
                newer.stateAt = newer.stateAt ?? older.stateAt
                newer.firmwareVersion = newer.firmwareVersion ?? older.firmwareVersion
                pending[older.sn] = newer
            }
        }
    }

    public var count: Int { pending.withLock { $0.count } }

    private static func combine(older: JSONValue?, newer: JSONValue?) -> JSONValue? {
        guard let older else { return newer }
        guard let newer else { return older }
        return TelemetryMerge.merge(newer, into: older)
    }
}

extension TelemetryBuffer.Pending {
    /// The row `IngestQueries.flushTelemetry` reads for this device.
    public var row: JSONValue {
        .object([
            "sn": .string(sn),
            "gateway_sn": gatewaySN.map(JSONValue.string) ?? .null,
            "osd": osd ?? .null,
            "osd_at": osdAt.map { .string(RFC3339.string($0)) } ?? .null,
            "state": state ?? .null,
            "state_at": stateAt.map { .string(RFC3339.string($0)) } ?? .null,
            "seen_at": .string(RFC3339.string(seenAt)),
            "firmware_version": firmwareVersion.map(JSONValue.string) ?? .null,
        ])
    }
}
