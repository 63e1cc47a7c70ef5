using System.Text.Json;
using Ml2.Exceptions;
using Ml2.Model;

namespace Ml2.Storage.TestKit;

/// <summary>Rows: add, find, list, compare-and-set update, remove - exactly as written, never silently overwritten.</summary>
/// <typeparam name="TDatabase">What names one database of the store (see <see cref="StoreTarget{TDatabase}"/>).</typeparam>
/// <param name="target">The store under test.</param>
public abstract class ResourceConformanceTests<TDatabase>(StoreTarget<TDatabase> target) : StoreSuite<TDatabase>(target)
    where TDatabase : notnull
{
    /// <summary>A row reads back exactly as written in the transaction and after commit.</summary>
    [Fact]
    public async Task A_row_reads_back_exactly_as_written_in_the_transaction_and_after_commit()
    {
        var network = ConformanceData.Network("n1");
        var subnet = ConformanceData.Subnet("s1", "n1");
        var port = ConformanceData.Port("p1", "n1");
        await using (var tx = await Store.BeginTransactionAsync())
        {
            await tx.Networks.AddAsync(network);
            await tx.Subnets.AddAsync(subnet);
            await tx.Ports.AddAsync(port);
            Json(await tx.Ports.FindAsync("p1")).Should().Be(Json(port));
            await tx.CommitAsync();
        }

        await using var read = await Store.BeginReadOnlyTransactionAsync();
        Json(await read.Networks.FindAsync("n1")).Should().Be(Json(network));
        Json(await read.Subnets.FindAsync("s1")).Should().Be(Json(subnet));
        Json(await read.Ports.FindAsync("p1")).Should().Be(Json(port));
        (await read.Networks.FindAsync("missing")).Should().BeNull();
    }

    /// <summary>Adding an existing id is a conflict and keeps the stored row.</summary>
    [Fact]
    public async Task Adding_an_existing_id_is_a_conflict_and_keeps_the_stored_row()
    {
        await CommitAsync(tx => tx.Networks.AddAsync(ConformanceData.Network("n1")));
        await using (var tx = await Store.BeginTransactionAsync())
        {
            var add = async () => await tx.Networks.AddAsync(ConformanceData.Network("n1") with { Name = "other" });
            (await add.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("n1");
        }

        (await ReadAsync(tx => tx.Networks.FindAsync("n1")))!.Name.Should().Be("net-n1");
    }

    /// <summary>Update is a compare and set on the revision.</summary>
    [Fact]
    public async Task Update_is_a_compare_and_set_on_the_revision()
    {
        await CommitAsync(tx => tx.Networks.AddAsync(ConformanceData.Network("n1", revision: 1)));
        await CommitAsync(tx => tx.Networks.UpdateAsync(ConformanceData.Network("n1", revision: 2) with { Name = "renamed" }, expectedRevision: 1));

        await using (var tx = await Store.BeginTransactionAsync())
        {
            var stale = async () => await tx.Networks.UpdateAsync(ConformanceData.Network("n1", revision: 2) with { Name = "lost" }, expectedRevision: 1);
            var conflict = (await stale.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
            conflict.ExpectedRevision.Should().Be(1);
            conflict.ActualRevision.Should().Be(2);
            var gone = async () => await tx.Networks.UpdateAsync(ConformanceData.Network("missing", revision: 2), expectedRevision: 1);
            (await gone.Should().ThrowAsync<ConcurrencyConflictException>()).Which.ActualRevision.Should().BeNull();
        }

        var stored = await ReadAsync(tx => tx.Networks.FindAsync("n1"));
        stored!.Name.Should().Be("renamed");
        stored.RevisionNumber.Should().Be(2);
    }

    /// <summary>Two writers that read the same revision cannot both win.</summary>
    [Fact]
    public async Task Two_writers_that_read_the_same_revision_cannot_both_win()
    {
        await CommitAsync(tx => tx.Networks.AddAsync(ConformanceData.Network("n1", revision: 1)));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                await CommitAsync(tx => tx.Networks.UpdateAsync(ConformanceData.Network("n1", revision: 2) with { Name = $"writer-{i}" }, expectedRevision: 1));
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        })));

        outcomes.Count(won => won).Should().Be(1);
        var stored = await ReadAsync(tx => tx.Networks.FindAsync("n1"));
        stored!.RevisionNumber.Should().Be(2);
    }

    /// <summary>Remove reports whether the row existed.</summary>
    [Fact]
    public async Task Remove_reports_whether_the_row_existed()
    {
        await CommitAsync(tx => tx.Networks.AddAsync(ConformanceData.Network("n1")));
        await using (var tx = await Store.BeginTransactionAsync())
        {
            (await tx.Networks.RemoveAsync("n1")).Should().BeTrue();
            (await tx.Networks.RemoveAsync("n1")).Should().BeFalse();
            (await tx.Networks.FindAsync("n1")).Should().BeNull();
            await tx.CommitAsync();
        }

        (await ReadAsync(tx => tx.Networks.ListAsync())).Should().BeEmpty();
    }

    /// <summary>Subnets and ports are listed and counted per network in creation order.</summary>
    [Fact]
    public async Task Subnets_and_ports_are_listed_and_counted_per_network_in_creation_order()
    {
        await CommitAsync(async tx =>
        {
            await tx.Networks.AddAsync(ConformanceData.Network("n1"));
            await tx.Networks.AddAsync(ConformanceData.Network("n2"));
            foreach (var id in new[] { "s-c", "s-a", "s-b" })
            {
                await tx.Subnets.AddAsync(ConformanceData.Subnet(id, "n1"));
            }

            await tx.Subnets.AddAsync(ConformanceData.Subnet("s-other", "n2"));
            await tx.Ports.AddAsync(ConformanceData.Port("p1", "n1"));
            await tx.Ports.AddAsync(ConformanceData.Port("p2", "n1"));
            await tx.Ports.AddAsync(ConformanceData.Port("p3", "n2"));
        });

        await using var read = await Store.BeginReadOnlyTransactionAsync();
        (await read.Subnets.ListByNetworkAsync("n1")).Select(s => s.Id).Should().Equal("s-c", "s-a", "s-b");
        (await read.Ports.ListByNetworkAsync("n1")).Select(p => p.Id).Should().BeEquivalentTo(["p1", "p2"]);
        (await read.Ports.CountByNetworkAsync("n1")).Should().Be(2);
        (await read.Ports.CountByNetworkAsync("none")).Should().Be(0);
        (await read.Networks.ListAsync()).Should().HaveCount(2);
        (await read.Subnets.ListAsync()).Should().HaveCount(4);
    }

    /// <summary>A port moved by update is listed under its new network.</summary>
    [Fact]
    public async Task A_port_moved_by_update_is_listed_under_its_new_network()
    {
        await CommitAsync(async tx =>
        {
            await tx.Networks.AddAsync(ConformanceData.Network("n1"));
            await tx.Networks.AddAsync(ConformanceData.Network("n2"));
            await tx.Ports.AddAsync(ConformanceData.Port("p1", "n1"));
        });
        await CommitAsync(tx => tx.Ports.UpdateAsync(ConformanceData.Port("p1", "n2") with { RevisionNumber = 2 }, expectedRevision: 1));

        (await ReadAsync(tx => tx.Ports.CountByNetworkAsync("n1"))).Should().Be(0);
        (await ReadAsync(tx => tx.Ports.ListByNetworkAsync("n2"))).Should().ContainSingle().Which.Id.Should().Be("p1");
    }

    /// <summary>Ports are listed by mac address across networks with the transactions own writes.</summary>
    [Fact]
    public async Task Ports_are_listed_by_mac_address_across_networks_with_the_transactions_own_writes()
    {
        const string Mac = "fa:16:3e:0a:0b:0c";
        await CommitAsync(async tx =>
        {
            await tx.Networks.AddAsync(ConformanceData.Network("n1"));
            await tx.Networks.AddAsync(ConformanceData.Network("n2"));
            await tx.Ports.AddAsync(ConformanceData.Port("p1", "n1", Mac));
            await tx.Ports.AddAsync(ConformanceData.Port("p-other", "n1"));
        });

        await CommitAsync(async tx =>
        {
            await tx.Ports.AddAsync(ConformanceData.Port("p2", "n2", Mac));
            (await tx.Ports.ListByMacAddressAsync(Mac)).Select(p => p.Id).Should().Equal(["p1", "p2"], "a pending port is listed with the committed one, in creation order");
            await tx.Ports.UpdateAsync(ConformanceData.Port("p1", "n1", "fa:16:3e:0d:0e:0f") with { RevisionNumber = 2 }, expectedRevision: 1);
            (await tx.Ports.ListByMacAddressAsync(Mac)).Select(p => p.Id).Should().Equal(["p2"], "a pending MAC change moves the port");
        });

        (await ReadAsync(tx => tx.Ports.ListByMacAddressAsync(Mac))).Select(p => p.Id).Should().Equal("p2");
        (await ReadAsync(tx => tx.Ports.AnyWithMacAddressAsync(Mac))).Should().BeTrue();
        (await ReadAsync(tx => tx.Ports.AnyWithMacAddressAsync(Mac, networkId: "n2"))).Should().BeTrue();
        (await ReadAsync(tx => tx.Ports.AnyWithMacAddressAsync(Mac, networkId: "n1"))).Should().BeFalse("p1 moved to another MAC");
        (await ReadAsync(tx => tx.Ports.AnyWithMacAddressAsync(Mac, exceptPortId: "p2"))).Should().BeFalse("p2 is the only port with it");
        (await ReadAsync(tx => tx.Ports.AnyWithMacAddressAsync(Mac, networkId: "n2", exceptPortId: "p1"))).Should().BeTrue();
        (await ReadAsync(tx => tx.Ports.AnyWithMacAddressAsync(Mac, networkId: "n2", exceptPortId: "p2"))).Should().BeFalse();
        (await ReadAsync(tx => tx.Ports.ListByMacAddressAsync("fa:16:3e:0d:0e:0f"))).Select(p => p.Id).Should().Equal("p1");
        await CommitAsync(async tx => await tx.Ports.RemoveAsync("p2"));
        (await ReadAsync(tx => tx.Ports.ListByMacAddressAsync(Mac))).Should().BeEmpty();
        (await ReadAsync(tx => tx.Ports.ListByMacAddressAsync("fa:16:3e:ff:ff:ff"))).Should().BeEmpty();
    }

    private static string Json(Network? value) => JsonSerializer.Serialize(value, ConformanceJsonContext.Default.Network);

    private static string Json(Subnet? value) => JsonSerializer.Serialize(value, ConformanceJsonContext.Default.Subnet);

    private static string Json(Port? value) => JsonSerializer.Serialize(value, ConformanceJsonContext.Default.Port);
}
