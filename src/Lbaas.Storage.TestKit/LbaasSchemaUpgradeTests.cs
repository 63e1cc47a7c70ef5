using Microsoft.Extensions.DependencyInjection;
using Ml2.Storage.TestKit;

namespace Lbaas.Storage.TestKit;

/// <summary>
/// SQL stores only: the LBaaS schema on a database the ML2 store shares. A database made before the storage split (one
/// schema history holding both features' steps) keeps its LBaaS state and runs no step again.
/// </summary>
/// <typeparam name="TDatabase">What names one database of the store (see <see cref="StoreTarget{TDatabase}"/>).</typeparam>
/// <param name="target">
/// The SQL store under test: an ML2 target whose <c>Use</c> also registers the LBaaS store on the same database
/// (<c>new StoreOnlyLbaasBuilder(builder.Services).UseSqliteStore(...)</c>, or your provider's).
/// </param>
public abstract class LbaasSchemaUpgradeTests<TDatabase>(StoreTarget<TDatabase> target) : StoreSuite<TDatabase>(target)
    where TDatabase : notnull
{
    /// <summary>A database with one schema history for both features keeps its LBaaS state and runs no step again.</summary>
    [Fact]
    public async Task A_database_with_one_schema_history_for_both_features_keeps_its_lbaas_state_and_runs_no_step_again()
    {
        await DevicesOf(Host).AddDeviceAsync(new Device
        {
            Id = "adc-1", Name = "adc-1", Provider = "adc", HostId = "lb-host-1", Capacity = new DeviceCapacity(4, 4),
        });

        // What the version before the storage split left: every step, ML2's and LBaaS's, in ml2_schema_migrations.
        await RawSql.ExecuteAsync(Store, "INSERT INTO ml2_schema_migrations (version, name, applied_at) SELECT version, name, applied_at FROM lbaas_schema_migrations");
        await RawSql.ExecuteAsync(Store, "DROP TABLE lbaas_schema_migrations");
        await Host.DisposeAsync();

        await using var upgraded = await ConformanceHost.StartAsync(Target, Database, seed: 6);
        (await DevicesOf(upgraded).FindDeviceAsync("adc-1")).Should().NotBeNull("step 3 did not run again over the existing LBaaS tables");
        (await RawSql.QueryInt64Async(upgraded.Store, "SELECT version FROM lbaas_schema_migrations ORDER BY version")).Should().Equal(3L, 4L, 5L);
        (await RawSql.QueryInt64Async(upgraded.Store, "SELECT version FROM ml2_schema_migrations ORDER BY version")).Should().Equal(1L, 2L, 3L, 4L, 5L, 6L);
    }

    private static IDeviceStore DevicesOf(ConformanceHost host) => host.Services.GetRequiredService<IDeviceStore>();
}
