import Foundation

/// SQL of dock broker accounts: the record of which docks have one, and which aircraft their roles cover.
public enum DockAccountQueries {
    /// Records a new account, or a re-created one after a revoke that the database missed.
    public static func record(sn: String, role: String) -> PostgresQuery {
        """
        INSERT INTO dock_broker_accounts (sn, role_name) VALUES (\(sn), \(role))
        ON CONFLICT (sn) DO UPDATE SET role_name = excluded.role_name, created_at = now(), password_set_at = now()
        """
    }

    public static func passwordChanged(sn: String) -> PostgresQuery {
        "UPDATE dock_broker_accounts SET password_set_at = now() WHERE sn = \(sn) RETURNING sn"
    }

    /// Forgets an account and its grants.
    public static func delete(sn: String) -> PostgresQuery {
        "DELETE FROM dock_broker_accounts WHERE sn = \(sn) RETURNING sn"
    }

    /// Every account with the SNs its role covers besides the dock's own, as a JSON array in `grants`.
    public static func list() -> PostgresQuery {
        """
        SELECT a.sn, a.role_name, a.created_at, a.password_set_at,
            coalesce((SELECT jsonb_agg(g.sn ORDER BY g.sn) FROM dock_broker_grants g WHERE g.dock_sn = a.sn),
                '[]'::jsonb) AS grants
        FROM dock_broker_accounts a
        ORDER BY a.sn
        """
    }

    /// For a dock with an account: which of `sns` its role may cover but does not yet. A row only when the dock
    /// has an account; `grantable` lists the SNs to add.
    ///
    /// An SN is not grantable when the registry has it bound to another tenant than the dock's: a stolen or
    /// misconfigured dock that names someone else's aircraft in its topology must not get that aircraft's
    /// topics. An SN the registry does not know, or knows unbound, is grantable — the dock is about to bind it.
    public static func grantable(dockSN: String, sns: [String]) -> PostgresQuery {
        """
        SELECT a.sn, a.role_name,
            coalesce(
                (SELECT jsonb_agg(DISTINCT c.sn ORDER BY c.sn)
                 FROM jsonb_array_elements_text(\(snList(sns))) AS c (sn)
                 WHERE c.sn <> a.sn
                   AND NOT EXISTS (SELECT 1 FROM dock_broker_grants g WHERE g.dock_sn = a.sn AND g.sn = c.sn)
                   AND NOT EXISTS (
                       SELECT 1 FROM devices d
                       WHERE d.sn = c.sn AND d.tenant_id IS NOT NULL
                         AND d.tenant_id IS DISTINCT FROM (SELECT dock.tenant_id FROM devices dock WHERE dock.sn = a.sn)
                   )),
                '[]'::jsonb) AS grantable,
            coalesce(
                (SELECT jsonb_agg(DISTINCT c.sn ORDER BY c.sn)
                 FROM jsonb_array_elements_text(\(snList(sns))) AS c (sn)
                 JOIN devices d ON d.sn = c.sn
                 WHERE c.sn <> a.sn AND d.tenant_id IS NOT NULL
                   AND d.tenant_id IS DISTINCT FROM (SELECT dock.tenant_id FROM devices dock WHERE dock.sn = a.sn)),
                '[]'::jsonb) AS refused
        FROM dock_broker_accounts a
        WHERE a.sn = \(dockSN)
        """
    }

    /// Records that the dock's role now covers `sn`.
    public static func recordGrant(dockSN: String, sn: String) -> PostgresQuery {
        """
        INSERT INTO dock_broker_grants (dock_sn, sn) VALUES (\(dockSN), \(sn))
        ON CONFLICT (dock_sn, sn) DO NOTHING
        """
    }

    /// The sub-devices the registry attaches to a gateway, for a role made again after a revoke.
    public static func subDevices(gatewaySN: String) -> PostgresQuery {
        "SELECT sn FROM devices WHERE gateway_sn = \(gatewaySN) ORDER BY sn"
    }

    private static func snList(_ sns: [String]) -> PostgresJSON {
        PostgresJSON(text: JSONValue.array(sns.map(JSONValue.string)).jsonText)
    }
}
