using System.Data.Common;
using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Plugin;
using Ml2.Storage.Relational;

namespace Ml2.Storage.TestKit;

/// <summary>
/// What every SQL store adds: versioned forward-only migrations under a lock, refusal of a newer schema, and tables a
/// driver owns in the operation's own database transaction.
/// </summary>
/// <typeparam name="TDatabase">What names one database of the store (see <see cref="StoreTarget{TDatabase}"/>).</typeparam>
/// <param name="target">The store under test.</param>
public abstract class RelationalConformanceTests<TDatabase>(StoreTarget<TDatabase> target) : StoreSuite<TDatabase>(target)
    where TDatabase : notnull
{
    private static readonly CallerContext s_admin = CallerContext.Admin("tenant-a");

    /// <summary>The applied schema version is recorded once per step.</summary>
    [Fact]
    public async Task The_applied_schema_version_is_recorded_once_per_step()
    {
        var versions = await RawSql.QueryInt64Async(Store, "SELECT version FROM ml2_schema_migrations ORDER BY version");
        versions.Should().NotBeEmpty().And.OnlyHaveUniqueItems();
        versions[0].Should().Be(1);
        versions.Should().BeInAscendingOrder();
    }

    /// <summary>Instances starting together on a fresh database apply each step once.</summary>
    [Fact]
    public async Task Instances_starting_together_on_a_fresh_database_apply_each_step_once()
    {
        var fresh = await Target.CreateDatabaseAsync();
        var hosts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => ConformanceHost.StartAsync(Target, fresh, seed: i))));
        try
        {
            await Task.WhenAll(hosts.Select(h => h.Plugin.ListNetworksAsync(s_admin).AsTask()));
            var versions = await RawSql.QueryInt64Async(hosts[0].Store, "SELECT version FROM ml2_schema_migrations");
            versions.Should().OnlyHaveUniqueItems();
            versions.Order().Should().Equal([1L, 2L, 6L], "ML2's steps (3-5 are LBaaS's, in lbaas_schema_migrations)");
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>A database written by a newer version is refused.</summary>
    [Fact]
    public async Task A_database_written_by_a_newer_version_is_refused()
    {
        await RawSql.ExecuteAsync(Store, "INSERT INTO ml2_schema_migrations (version, name, applied_at) VALUES (999, 'from the future', '2030-01-01')");
        await Host.DisposeAsync();

        var start = async () => await (await ConformanceHost.StartAsync(Target, Database, seed: 2)).DisposeAsync();
        var refused = (await start.Should().ThrowAsync<SchemaVersionException>("start-up initialises the pools, the first use of the store")).Which;
        refused.DatabaseVersion.Should().Be(999);
        refused.Message.Should().Contain("999");
    }

    /// <summary>A driver's own table lives in the operation's transaction.</summary>
    [Fact]
    public async Task A_driver_s_own_table_lives_in_the_operation_s_transaction()
    {
        var driver = new OwnTableDriver();
        await using var host = await ConformanceHost.StartAsync(Target, Database, seed: 4, driver);
        var network = await host.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = "net" });
        var kept = await host.Plugin.CreatePortAsync(s_admin, new PortCreateRequest { NetworkId = network.Id, Name = "kept" });

        driver.FailAfterInsert = true;
        var failing = async () => await host.Plugin.CreatePortAsync(s_admin, new PortCreateRequest { NetworkId = network.Id, Name = "rolled-back" });
        await failing.Should().ThrowAsync<MechanismDriverException>();

        var rows = await RawSql.QueryTextAsync(host.Store, "SELECT port_id FROM owntable_ports");
        rows.Should().Equal(kept.Id);
    }

    /// <summary>A mac is unique per network in the database and may repeat across networks.</summary>
    [Fact]
    public async Task A_mac_is_unique_per_network_in_the_database_and_may_repeat_across_networks()
    {
        await CommitAsync(async tx =>
        {
            await tx.Networks.AddAsync(ConformanceData.Network("n1"));
            await tx.Networks.AddAsync(ConformanceData.Network("n2"));
            await tx.Ports.AddAsync(ConformanceData.Port("p1", "n1", "fa:16:3e:01:02:03"));
            await tx.Ports.AddAsync(ConformanceData.Port("p2", "n2", "fa:16:3e:01:02:03"));
        });

        // Neutron's unique key (network_id, mac_address): what settles two controllers requesting one MAC at once.
        var twice = () => CommitAsync(tx => tx.Ports.AddAsync(ConformanceData.Port("p3", "n1", "fa:16:3e:01:02:03")));

        await twice.Should().ThrowAsync<StoreConflictException>();
        (await ReadAsync(tx => tx.Ports.ListByMacAddressAsync("fa:16:3e:01:02:03"))).Select(p => p.Id).Should().Equal("p1", "p2");
    }

    /// <summary>Schema step 6 fills the mac column of ports written before it.</summary>
    [Fact]
    public async Task Schema_step_6_fills_the_mac_column_of_ports_written_before_it()
    {
        await CommitAsync(async tx =>
        {
            await tx.Networks.AddAsync(ConformanceData.Network("n1"));
            await tx.Ports.AddAsync(ConformanceData.Port("p1", "n1", "fa:16:3e:0a:00:01"));
        });

        // Back to a schema-5 database: no MAC column, step 6 not applied.
        await RawSql.ExecuteAsync(Store, "DROP INDEX ux_ml2_ports_mac");
        await RawSql.ExecuteAsync(Store, "ALTER TABLE ml2_ports DROP COLUMN mac_address");
        await RawSql.ExecuteAsync(Store, "DELETE FROM ml2_schema_migrations WHERE version = 6");
        await Host.DisposeAsync();

        await using var upgraded = await ConformanceHost.StartAsync(Target, Database, seed: 5);
        (await ReadAsync(tx => tx.Ports.ListByMacAddressAsync("fa:16:3e:0a:00:01"), upgraded.Store)).Select(p => p.Id).Should().Equal("p1");
        (await RawSql.QueryTextAsync(upgraded.Store, "SELECT mac_address FROM ml2_ports")).Should().Equal("fa:16:3e:0a:00:01");
    }

    /// <summary>A vendor driver with a real table of its own, written in precommit through the SQL transaction.</summary>
    private sealed class OwnTableDriver : IMechanismDriver
    {
        public volatile bool FailAfterInsert;

        public string Name => "owntable";

        public async ValueTask CreatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken)
        {
            var sql = (IRelationalTransaction)context.Transaction!;
            await using (var create = RawSql.Command(sql, "CREATE TABLE IF NOT EXISTS owntable_ports (port_id TEXT PRIMARY KEY, mac TEXT NOT NULL)"))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var insert = RawSql.Command(sql, "INSERT INTO owntable_ports (port_id, mac) VALUES (@id, @mac)"))
            {
                AddParameter(insert, "id", context.Current.Id);
                AddParameter(insert, "mac", context.Current.MacAddress);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            if (FailAfterInsert)
            {
                throw new InvalidOperationException("the backend refused the port after the row was written");
            }
        }

        private static void AddParameter(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
