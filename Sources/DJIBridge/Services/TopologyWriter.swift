import Foundation
import Shared

/// Applies one `update_topo` in a transaction: lock what the gateway had, upsert the gateway and the listed
/// sub-devices, take the unlisted ones offline, and record every online/offline change as an event.
enum TopologyWriter {
    static func apply(_ update: TopologyBuffer.Pending, on pool: PostgresPool) async throws {
        let topology = update.topology
        let gatewaySN = topology.gateway.sn
        try await pool.transaction { connection in
            try await connection.query(IngestQueries.lockEventFeed())
            let known = try await connection.query(
                IngestQueries.lockTopology(gatewaySN: gatewaySN, subDeviceSNs: topology.subDevices.map(\.sn))
            ).map { row in
                TopologyChange.Known(
                    sn: try row.decode(String.self, column: "sn"),
                    online: try row.decode(Bool.self, column: "online"),
                    gatewaySN: try row.decode(String?.self, column: "gateway_sn")
                )
            }
            let change = TopologyChange(known: known, topology: topology)
            try await connection.query(
                IngestQueries.upsertTopologyDevice(topology.gateway, gatewaySN: nil, seenAt: update.receivedAt)
            )
            for device in topology.subDevices {
                try await connection.query(
                    IngestQueries.upsertTopologyDevice(device, gatewaySN: gatewaySN, seenAt: update.receivedAt)
                )
            }
            for sn in change.wentOffline {
                try await connection.query(IngestQueries.markOffline(sn: sn))
            }
            for sn in change.cameOnline {
                try await connection.query(
                    IngestQueries.insertLivenessEvent(
                        sn: sn,
                        gatewaySN: sn == gatewaySN ? nil : gatewaySN,
                        online: true,
                        reason: "update_topo",
                        at: update.receivedAt
                    )
                )
            }
            for sn in change.wentOffline {
                try await connection.query(
                    IngestQueries.insertLivenessEvent(
                        sn: sn,
                        gatewaySN: gatewaySN,
                        online: false,
                        reason: "update_topo",
                        at: update.receivedAt
                    )
                )
            }
        }
    }
}
