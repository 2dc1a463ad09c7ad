import Foundation
import Synchronization

/// The telemetry a bridge received since its last flush, merged per device, so a device that sends ten
/// messages a second costs the database one row per flush.
///
/// Only deltas are kept: the flush folds them into the stored documents with `jsonb_merge_deep`, which has
/// the same semantics as `TelemetryMerge`, so merging deltas first and the result into the stored document
/// gives what merging each message into it would. Deltas are kept as compact JSON (`TelemetryDelta` says why).
public final class TelemetryBuffer: Sendable {
    /// One device's changes since the last flush.
    public struct Pending: Sendable, Hashable {
        public var sn: String
        public var gatewaySN: String?
        public var osdDelta: TelemetryDelta?
        public var osdAt: Date?
        public var stateDelta: TelemetryDelta?
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
                Self.fold(data, into: &entry.osdDelta)
                entry.osdAt = max(entry.osdAt ?? time, time)
            case .state:
                Self.fold(data, into: &entry.stateDelta)
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

    /// The first message of a device since the flush is its delta as it came (merging into nothing changes
    /// nothing); later ones merge into it.
    private static func fold(_ data: JSONValue, into delta: inout TelemetryDelta?) {
        if delta == nil {
            delta = TelemetryDelta(data)
        } else {
            delta?.merge(data)
        }
    }

    private static func combine(older: JSONValue?, newer: JSONValue?) -> JSONValue? {
        guard let older else { return newer }
        guard let newer else { return older }
        return TelemetryMerge.merge(newer, into: older)
    }
}

extension TelemetryBuffer.Pending {
    /// The pending `osd` changes as a value.
    public var osd: JSONValue? {
        get { osdDelta?.value }
        set { osdDelta = newValue.map(TelemetryDelta.init) }
    }

    /// The pending `state` changes as a value.
    public var state: JSONValue? {
        get { stateDelta?.value }
        set { stateDelta = newValue.map(TelemetryDelta.init) }
    }

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

extension TelemetryBuffer {
    /// The JSON array of ``Pending/row``s that `IngestQueries.flushTelemetry` reads, written with each delta's
    /// bytes spliced in as they are (no tree is built or encoded again).
    public static func batchJSON(_ devices: [Pending]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(
            devices.reduce(2) { $0 + 256 + ($1.osdDelta?.bytes.count ?? 0) + ($1.stateDelta?.bytes.count ?? 0) })
        bytes.append(UInt8(ascii: "["))
        for (index, device) in devices.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            device.writeRow(into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }
}

extension TelemetryBuffer.Pending {
    /// Writes ``row`` as compact JSON.
    fileprivate func writeRow(into bytes: inout [UInt8]) {
        func field(_ name: String, _ value: JSONValue, first: Bool = false) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            JSONValue.string(name).write(into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            value.write(into: &bytes)
        }
        func field(_ name: String, delta: TelemetryDelta?) {
            bytes.append(UInt8(ascii: ","))
            JSONValue.string(name).write(into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            if let delta { bytes.append(contentsOf: delta.bytes) } else { bytes.append(contentsOf: "null".utf8) }
        }
        bytes.append(UInt8(ascii: "{"))
        field("sn", .string(sn), first: true)
        field("gateway_sn", gatewaySN.map(JSONValue.string) ?? .null)
        field("osd", delta: osdDelta)
        field("osd_at", osdAt.map { .string(RFC3339.string($0)) } ?? .null)
        field("state", delta: stateDelta)
        field("state_at", stateAt.map { .string(RFC3339.string($0)) } ?? .null)
        field("seen_at", .string(RFC3339.string(seenAt)))
        field("firmware_version", firmwareVersion.map(JSONValue.string) ?? .null)
        bytes.append(UInt8(ascii: "}"))
    }
}
