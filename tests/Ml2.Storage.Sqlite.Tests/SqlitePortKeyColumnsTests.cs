using Ml2.Storage.TestKit;

namespace Ml2.Storage.Sqlite.Tests;

/// <summary>
/// SQLite rewrites an index entry whenever an UPDATE sets one of the index's columns, even to the value it has, so an
/// update of a port that keeps its network and MAC must not set those columns (binding a port would otherwise write the
/// MAC and network indexes each time). An <c>UPDATE OF</c> trigger fires under exactly that condition and counts it.
/// </summary>
public sealed class SqlitePortKeyColumnsTests() : StoreSuite<string>(new SqliteStoreTarget())
{
    [Fact]
    public async Task UpdateAsync_when_the_port_keeps_network_and_mac_sets_neither_column_and_when_the_mac_changes_sets_them()
    {
        await RawSql.ExecuteAsync(Store, "CREATE TABLE key_updates (port_id TEXT NOT NULL)");
        await RawSql.ExecuteAsync(Store, "CREATE TRIGGER count_key_updates AFTER UPDATE OF network_id, mac_address ON ml2_ports BEGIN INSERT INTO key_updates VALUES (new.id); END");
        await CommitAsync(async tx =>
        {
            await tx.Networks.AddAsync(ConformanceData.Network("n1"));
            await tx.Ports.AddAsync(ConformanceData.Port("p1", "n1", "fa:16:3e:00:00:01"));
        });

        await CommitAsync(async tx =>
        {
            var port = (await tx.Ports.FindAsync("p1"))!;
            await tx.Ports.UpdateAsync(port with { Name = "renamed", RevisionNumber = 2 }, 1);
        });
        var afterRename = await RawSql.QueryInt64Async(Store, "SELECT COUNT(*) FROM key_updates");
        await CommitAsync(async tx =>
        {
            var port = (await tx.Ports.FindAsync("p1"))!;
            await tx.Ports.UpdateAsync(port with { MacAddress = "fa:16:3e:00:00:02", RevisionNumber = 3 }, 2);
        });

        afterRename.Should().Equal(0);
        (await RawSql.QueryInt64Async(Store, "SELECT COUNT(*) FROM key_updates")).Should().Equal(1);
        (await ReadAsync(tx => tx.Ports.AnyWithMacAddressAsync("fa:16:3e:00:00:02", "n1"))).Should().BeTrue();
        (await ReadAsync(tx => tx.Ports.AnyWithMacAddressAsync("fa:16:3e:00:00:01"))).Should().BeFalse();
        (await ReadAsync(tx => tx.Ports.FindAsync("p1")))!.Name.Should().Be("renamed");
    }
}
