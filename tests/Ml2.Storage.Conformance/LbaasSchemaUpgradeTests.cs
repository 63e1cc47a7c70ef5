using Ml2.Storage.TestKit;

namespace Ml2.Storage.Conformance;

/// <summary>
/// The LBaaS schema on a SQL store: a database made before the storage split (one schema history holding both
/// features' steps) keeps its LBaaS state and runs no step again.
/// </summary>
/// <param name="target">The SQL store under test (it registers the LBaaS store on the same database).</param>
public abstract class LbaasSchemaUpgradeTests(StoreTarget target) : StoreSuite(target)
{
    [Fact]
    public async Task A_database_with_one_schema_history_for_both_features_keeps_its_lbaas_state_and_runs_no_step_again()
    {
        await Host.LbaasDevices.AddDeviceAsync(new global::Lbaas.Device
        {
            Id = "adc-1", Name = "adc-1", Provider = "adc", HostId = "lb-host-1", Capacity = new global::Lbaas.DeviceCapacity(4, 4),
        });

        // What the version before the storage split left: every step, ML2's and LBaaS's, in ml2_schema_migrations.
        await RawSql.ExecuteAsync(Store, "INSERT INTO ml2_schema_migrations (version, name, applied_at) SELECT version, name, applied_at FROM lbaas_schema_migrations");
        await RawSql.ExecuteAsync(Store, "DROP TABLE lbaas_schema_migrations");
        await Host.DisposeAsync();

        await using var upgraded = await ConformanceHost.StartAsync(Target, Database, seed: 6);
        (await upgraded.LbaasDevices.FindDeviceAsync("adc-1")).Should().NotBeNull("step 3 did not run again over the existing LBaaS tables");
        (await RawSql.QueryInt64Async(upgraded.Store, "SELECT version FROM lbaas_schema_migrations ORDER BY version")).Should().Equal(3L, 4L, 5L);
        (await RawSql.QueryInt64Async(upgraded.Store, "SELECT version FROM ml2_schema_migrations ORDER BY version")).Should().Equal(1L, 2L, 3L, 4L, 5L, 6L);
    }

}
