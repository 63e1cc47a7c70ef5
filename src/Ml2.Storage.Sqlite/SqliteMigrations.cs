using Ml2.Storage.Relational.Migrations;

namespace Ml2.Storage.Sqlite;

/// <summary>The SQLite schema, one forward-only step per version. Never edit a released step: add the next one.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "ML2 resources, id pools and driver-owned rows",
        [
            "CREATE TABLE ml2_networks (id TEXT PRIMARY KEY, revision INTEGER NOT NULL, body TEXT NOT NULL)",
            "CREATE TABLE ml2_subnets (id TEXT PRIMARY KEY, network_id TEXT NOT NULL REFERENCES ml2_networks (id) DEFERRABLE INITIALLY DEFERRED, revision INTEGER NOT NULL, body TEXT NOT NULL)",
            "CREATE INDEX ix_ml2_subnets_network ON ml2_subnets (network_id)",
            "CREATE TABLE ml2_ports (id TEXT PRIMARY KEY, network_id TEXT NOT NULL REFERENCES ml2_networks (id) DEFERRABLE INITIALLY DEFERRED, revision INTEGER NOT NULL, body TEXT NOT NULL)",
            "CREATE INDEX ix_ml2_ports_network ON ml2_ports (network_id)",
            "CREATE TABLE ml2_pools (name TEXT PRIMARY KEY, ranges TEXT NOT NULL) WITHOUT ROWID",
            "CREATE TABLE ml2_pool_ids (pool TEXT NOT NULL REFERENCES ml2_pools (name) DEFERRABLE INITIALLY DEFERRED, id INTEGER NOT NULL, PRIMARY KEY (pool, id)) WITHOUT ROWID",
            "CREATE TABLE ml2_driver_data (tbl TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (tbl, key)) WITHOUT ROWID",
        ]),
        new(2, "Journal of postcommit deliveries",
        [
            "CREATE TABLE ml2_journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, driver TEXT NOT NULL, resource_type INTEGER NOT NULL, resource_id TEXT NOT NULL, operation INTEGER NOT NULL, depends_on TEXT NOT NULL, body TEXT NOT NULL, original_body TEXT NULL, state INTEGER NOT NULL, attempts INTEGER NOT NULL, created_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, locked_by TEXT NULL, locked_at INTEGER NULL, last_error TEXT NULL, completed_at INTEGER NULL)",
            "CREATE INDEX ix_ml2_journal_driver_state ON ml2_journal (driver, state, seq)",
        ]),
        new(3, "LBaaS state: load balancers and children, devices with credentials, capacity claims, agents",
        [
            "CREATE TABLE lbaas_objects (type TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (type, id))",
            "CREATE TABLE lbaas_devices (id TEXT PRIMARY KEY, revision INTEGER NOT NULL, body TEXT NOT NULL, credentials_username TEXT NULL, credentials_password TEXT NULL) WITHOUT ROWID",
            "CREATE TABLE lbaas_claims (device_id TEXT NOT NULL REFERENCES lbaas_devices (id) DEFERRABLE INITIALLY DEFERRED, load_balancer_id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (device_id, load_balancer_id)) WITHOUT ROWID",
            "CREATE TABLE lbaas_agents (id TEXT PRIMARY KEY, heartbeat_at INTEGER NOT NULL, taken_over INTEGER NOT NULL) WITHOUT ROWID",
        ]),
        new(4, "LBaaS leases: work that spans transactions, serialised across controller instances",
        [
            "CREATE TABLE lbaas_leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID",
        ]),
        new(5, "LBaaS: one claim per load balancer and slot (a placed load balancer is never claimed twice); device passwords encrypted at rest",
        [
            "ALTER TABLE lbaas_claims ADD COLUMN slot INTEGER NOT NULL DEFAULT 0",
            // Existing claims of one load balancer (ACTIVE_STANDBY: two) get slots 0, 1, ... by device id.
            "UPDATE lbaas_claims SET slot = (SELECT COUNT(*) FROM lbaas_claims AS other WHERE other.load_balancer_id = lbaas_claims.load_balancer_id AND other.device_id < lbaas_claims.device_id)",
            "CREATE UNIQUE INDEX ux_lbaas_claims_placement ON lbaas_claims (load_balancer_id, slot)",
            // 0: the password column holds plain text (written before version 5; encrypted on first use), 1: protected.
            "ALTER TABLE lbaas_devices ADD COLUMN credentials_protected INTEGER NOT NULL DEFAULT 0",
        ]),
        new(6, "Ports by MAC address: a MAC is unique on its network (Neutron's unique key (network_id, mac_address)) and may repeat across networks",
        [
            "ALTER TABLE ml2_ports ADD COLUMN mac_address TEXT NULL",
            "UPDATE ml2_ports SET mac_address = json_extract(body, '$.MacAddress')",
            "CREATE UNIQUE INDEX ux_ml2_ports_mac ON ml2_ports (mac_address, network_id)",
        ]),
    ];
}
