using Ml2.Storage.Relational.Migrations;

namespace Lbaas.Storage.Sqlite;

/// <summary>
/// The SQLite schema of LBaaS, one forward-only step per version, recorded in <c>lbaas_schema_migrations</c>. Never
/// edit a released step: add the next one. Versions 3-5 keep the numbers they had when <c>ml2_schema_migrations</c>
/// held both features; a database made then has them adopted from there by the first migration.
/// </summary>
internal static class SqliteLbaasMigrations
{
    public static MigrationSet Lbaas { get; } = new("lbaas", "lbaas_schema_migrations",
    [
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
    ],
    AdoptedFrom: "ml2_schema_migrations");
}
