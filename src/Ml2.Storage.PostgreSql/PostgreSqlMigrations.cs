using Ml2.Storage.Relational.Migrations;

namespace Ml2.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL schema, one forward-only step per version. Never edit a released step: add the next one. Keys use
/// the "C" collation so ordering is by code point, as in the other stores.
/// </summary>
internal static class PostgreSqlMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "ML2 resources, id pools and driver-owned rows",
        [
            "CREATE TABLE ml2_networks (id TEXT COLLATE \"C\" PRIMARY KEY, pos BIGINT GENERATED ALWAYS AS IDENTITY, revision BIGINT NOT NULL, body TEXT NOT NULL)",
            "CREATE TABLE ml2_subnets (id TEXT COLLATE \"C\" PRIMARY KEY, pos BIGINT GENERATED ALWAYS AS IDENTITY, network_id TEXT COLLATE \"C\" NOT NULL REFERENCES ml2_networks (id) DEFERRABLE INITIALLY DEFERRED, revision BIGINT NOT NULL, body TEXT NOT NULL)",
            "CREATE INDEX ix_ml2_subnets_network ON ml2_subnets (network_id)",
            "CREATE TABLE ml2_ports (id TEXT COLLATE \"C\" PRIMARY KEY, pos BIGINT GENERATED ALWAYS AS IDENTITY, network_id TEXT COLLATE \"C\" NOT NULL REFERENCES ml2_networks (id) DEFERRABLE INITIALLY DEFERRED, revision BIGINT NOT NULL, body TEXT NOT NULL)",
            "CREATE INDEX ix_ml2_ports_network ON ml2_ports (network_id)",
            "CREATE TABLE ml2_pools (name TEXT COLLATE \"C\" PRIMARY KEY, ranges TEXT NOT NULL)",
            "CREATE TABLE ml2_pool_ids (pool TEXT COLLATE \"C\" NOT NULL REFERENCES ml2_pools (name) DEFERRABLE INITIALLY DEFERRED, id BIGINT NOT NULL, PRIMARY KEY (pool, id))",
            "CREATE TABLE ml2_driver_data (tbl TEXT COLLATE \"C\" NOT NULL, key TEXT COLLATE \"C\" NOT NULL, value TEXT NOT NULL, PRIMARY KEY (tbl, key))",
        ]),
        new(2, "Journal of postcommit deliveries",
        [
            "CREATE TABLE ml2_journal (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, driver TEXT COLLATE \"C\" NOT NULL, resource_type INTEGER NOT NULL, resource_id TEXT COLLATE \"C\" NOT NULL, operation INTEGER NOT NULL, depends_on TEXT NOT NULL, body TEXT NOT NULL, original_body TEXT NULL, state INTEGER NOT NULL, attempts INTEGER NOT NULL, created_at BIGINT NOT NULL, next_attempt_at BIGINT NOT NULL, locked_by TEXT NULL, locked_at BIGINT NULL, last_error TEXT NULL, completed_at BIGINT NULL)",
            "CREATE INDEX ix_ml2_journal_driver_state ON ml2_journal (driver, state, seq)",
        ]),
        new(3, "LBaaS state: load balancers and children, devices with credentials, capacity claims, agents",
        [
            "CREATE TABLE lbaas_objects (type TEXT COLLATE \"C\" NOT NULL, id TEXT COLLATE \"C\" NOT NULL, pos BIGINT GENERATED ALWAYS AS IDENTITY, revision BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (type, id))",
            "CREATE TABLE lbaas_devices (id TEXT COLLATE \"C\" PRIMARY KEY, revision BIGINT NOT NULL, body TEXT NOT NULL, credentials_username TEXT NULL, credentials_password TEXT NULL)",
            "CREATE TABLE lbaas_claims (device_id TEXT COLLATE \"C\" NOT NULL REFERENCES lbaas_devices (id) DEFERRABLE INITIALLY DEFERRED, load_balancer_id TEXT COLLATE \"C\" NOT NULL, body TEXT NOT NULL, PRIMARY KEY (device_id, load_balancer_id))",
            "CREATE TABLE lbaas_agents (id TEXT COLLATE \"C\" PRIMARY KEY, heartbeat_at BIGINT NOT NULL, taken_over INTEGER NOT NULL)",
        ]),
        new(4, "LBaaS leases: work that spans transactions, serialised across controller instances",
        [
            "CREATE TABLE lbaas_leases (name TEXT COLLATE \"C\" PRIMARY KEY, owner TEXT NOT NULL, expires_at BIGINT NOT NULL)",
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
            "ALTER TABLE ml2_ports ADD COLUMN mac_address TEXT COLLATE \"C\" NULL",
            "UPDATE ml2_ports SET mac_address = (body::jsonb) ->> 'MacAddress'",
            "CREATE UNIQUE INDEX ux_ml2_ports_mac ON ml2_ports (mac_address, network_id)",
        ]),
    ];
}
