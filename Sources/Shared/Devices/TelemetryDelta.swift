/// One device's pending `osd` or `state` changes, kept as compact JSON bytes between flushes.
///
/// Why bytes and not a `JSONValue`: the `TelemetryBuffer` holds one delta per device that spoke since the last
/// flush, and while a slow flush runs it holds a second generation. A 1.1 KB dock OSD as a tree of dictionaries
/// takes about 6 KB of heap, as bytes 1.1 KB: at 5,000 docks that is 30 MB against 6 MB per generation. The bytes
/// also go into the flush batch as they are, without encoding the tree again. A second message of the same device
/// within one flush parses the bytes back to merge into them (rare at the docks' 0.5–1 Hz).
public struct TelemetryDelta: Sendable, Hashable {
    /// Compact JSON text of the merged changes.
    public private(set) var bytes: [UInt8]

    public init(_ value: JSONValue) {
        let written = value.compactJSONBytes
        // Copied at its exact size: the writer's array has grown by doubling and may be almost twice as large.
        bytes = [UInt8](unsafeUninitializedCapacity: written.count) { buffer, count in
            count = buffer.initialize(from: written).1
        }
    }

    /// The changes as a value; the bytes were written from a `JSONValue`, so they always parse.
    public var value: JSONValue {
        (try? JSONParser.parse(bytes)) ?? .object([:])
    }

    /// Folds `update` into the delta (`TelemetryMerge` rules).
    public mutating func merge(_ update: JSONValue) {
        self = TelemetryDelta(TelemetryMerge.merge(update, into: value))
    }
}
