using Ml2.Storage.Relational.Migrations;

namespace Ml2.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL schema of ML2, one forward-only step per version. Never edit a released step: add the next one. Keys use
/// the "C" collation so ordering is by code point, as in the other stores.
/// </summary>
internal static class PostgreSqlMigrations
{
    /// <summary>
    /// The ML2 tables, recorded in <c>ml2_schema_migrations</c>. Versions 3-5 are LBaaS's (Lbaas.Storage.PostgreSql): one
    /// history held both features before they were split, so the numbers are kept and ML2 goes on from 6.
    /// </summary>
    public static MigrationSet Ml2 { get; } = new("ml2", "ml2_schema_migrations",
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
        new(6, "Ports by MAC address: a MAC is unique on its network (Neutron's unique key (network_id, mac_address)) and may repeat across networks",
        [
            "ALTER TABLE ml2_ports ADD COLUMN mac_address TEXT COLLATE \"C\" NULL",
            "UPDATE ml2_ports SET mac_address = (body::jsonb) ->> 'MacAddress'",
            "CREATE UNIQUE INDEX ux_ml2_ports_mac ON ml2_ports (mac_address, network_id)",
        ]),
    ]);
}
