import Logging
import ServiceLifecycle
import Shared

/// Extends a dock's broker role to the aircraft its topology or its binding names, so the aircraft's `osd` and
/// `state`, which the dock publishes on `thing/product/{aircraftSN}/...`, are not refused by the broker.
///
/// Only docks with an account recorded by `dji-bridge dock-accounts create` are handled; the database decides
/// which SNs may be added (``DockAccountQueries/grantable(dockSN:sns:)``: never an aircraft bound to another
/// tenant). What fails (broker or database unreachable) is kept and tried again every `retryInterval`.
/// Rules are only added: an aircraft that leaves a dock's topology (powered off, swapped) keeps its rules until
/// the account is revoked, because a dock reports an empty topology every time its aircraft powers down.
struct DockAccessKeeper: Service {
    let inbox: DockAccessInbox
    let client: DynamicSecurityClient
    let pool: PostgresPool
    var retryInterval: Duration = .seconds(5)
    let logger: Logger

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: retryInterval) }
                    inbox.poke()
                }
            }
            var failed: [String: Set<String>] = [:]
            for await _ in inbox.wakeups.cancelOnGracefulShutdown() {
                var work = failed
                work.merge(inbox.drain()) { $0.union($1) }
                failed = [:]
                for (dockSN, sns) in work.sorted(by: { $0.key < $1.key }) {
                    do {
                        try await cover(sns, forDock: dockSN)
                    } catch {
                        failed[dockSN] = sns
                        logger.warning(
                            "cannot extend a dock's broker role yet; will retry",
                            metadata: ["dji.gateway": "\(dockSN)", "dji.sns": "\(sns.sorted())", "error": "\(error)"]
                        )
                    }
                }
            }
            group.cancelAll()
        }
    }

    /// Adds the rules for each of `sns` the database allows and that the dock's role lacks, then records them.
    func cover(_ sns: Set<String>, forDock dockSN: String) async throws {
        guard
            let row = try await pool.query(DockAccountQueries.grantable(dockSN: dockSN, sns: sns.sorted())).first
        else {
            logger.debug("no broker account recorded for this dock", metadata: ["dji.gateway": "\(dockSN)"])
            return
        }
        let role = try row.decode(String.self, column: "role_name")
        let grantable = try row.decode(PostgresJSON.self, column: "grantable").decode([String].self)
        let refused = try row.decode(PostgresJSON.self, column: "refused").decode([String].self)
        if !refused.isEmpty {
            logger.warning(
                "a dock named devices bound to another tenant; its broker role does not cover them",
                metadata: ["dji.gateway": "\(dockSN)", "dji.sns": "\(refused)"]
            )
        }
        for sn in grantable {
            guard DockBrokerAccess.isValidSN(sn) else {
                logger.warning(
                    "a dock named a device whose SN cannot be a topic level; not covered",
                    metadata: ["dji.gateway": "\(dockSN)", "dji.sn": "\(sn)"])
                continue
            }
            let commands = DockBrokerAccess.subDeviceACLs(sn: sn).map {
                DynamicSecurityCommand.addRoleACL(role: role, $0)
            }
            for response in try await client.perform(commands) {
                if response.isNotFound {
                    // Retrying cannot help: the role was deleted on the broker behind dockgate's back.
                    logger.error(
                        "the dock's broker role is missing; revoke and create the account again",
                        metadata: [
                            "dji.gateway": "\(dockSN)", "mqtt.role": "\(role)", "error": "\(response.error ?? "")",
                        ]
                    )
                    return
                }
                try response.check(acceptingAlreadyDone: true)
            }
            try await pool.query(DockAccountQueries.recordGrant(dockSN: dockSN, sn: sn))
            logger.info(
                "the dock's broker role now covers a sub-device",
                metadata: ["dji.gateway": "\(dockSN)", "dji.sn": "\(sn)", "mqtt.role": "\(role)"]
            )
        }
    }
}
