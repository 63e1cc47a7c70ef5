using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Dispatch;

/// <summary>Every row of Neutron's precommit/postcommit failure matrix (SEMANTICS.md 1.5), with call order.</summary>
public sealed class PostcommitMatrixTests
{
    private static readonly CallerContext Admin = TestHost.Admin;

    [Fact]
    public async Task CreateNetworkAsync_when_precommit_throws_stops_at_failing_driver_rolls_back_and_throws()
    {
        await using var host = TestHost.WithRecorders(out var d, "a", "b", "c");
        d[1].FailOn("create_network_precommit");
        var before = StoreSnapshot.Capture(host.Store);

        var act = () => host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" }).AsTask();

        var error = (await act.Should().ThrowAsync<MechanismDriverException>()).Which;
        error.DriverName.Should().Be("b");
        error.Operation.Should().Be("create_network_precommit");
        error.InnerException.Should().BeOfType<InvalidOperationException>();
        host.Log.Calls.Should().Equal("a:create_network_precommit", "b:create_network_precommit");
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task CreateNetworkAsync_when_postcommit_throws_deletes_network_with_delete_hooks_and_rethrows()
    {
        await using var host = TestHost.WithRecorders(out var d, "a", "b");
        d[0].FailOn("create_network_postcommit");
        var before = StoreSnapshot.Capture(host.Store);

        var act = () => host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" }).AsTask();

        var error = (await act.Should().ThrowAsync<MechanismDriverException>()).Which;
        error.Operation.Should().Be("create_network_postcommit");
        error.DriverName.Should().Be("a");
        host.Log.Calls.Should().Equal(
            "a:create_network_precommit", "b:create_network_precommit",
            "a:create_network_postcommit",
            "a:delete_network_precommit", "b:delete_network_precommit",
            "a:delete_network_postcommit", "b:delete_network_postcommit");
        (await host.Plugin.ListNetworksAsync(Admin)).Should().BeEmpty();
        StoreSnapshot.Capture(host.Store).Should().Be(before, "the tenant segment is released again");
    }

    [Fact]
    public async Task UpdateNetworkAsync_when_postcommit_throws_in_two_drivers_calls_all_throws_both_and_keeps_change()
    {
        await using var host = TestHost.WithRecorders(out var d, "a", "b", "c");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "old" });
        d[0].FailOn("update_network_postcommit");
        d[2].FailOn("update_network_postcommit");
        host.Log.Clear();

        var act = () => host.Plugin.UpdateNetworkAsync(Admin, network.Id, new NetworkUpdateRequest { Name = "new" }).AsTask();

        var error = (await act.Should().ThrowAsync<MechanismDriverException>()).Which;
        error.Failures.Select(f => f.DriverName).Should().Equal("a", "c");
        error.InnerExceptions.Should().HaveCount(2);
        host.Log.For("update_network_postcommit").Should().Equal("a:update_network_postcommit", "b:update_network_postcommit", "c:update_network_postcommit");
        (await host.Plugin.GetNetworkAsync(Admin, network.Id)).Name.Should().Be("new");
    }

    [Fact]
    public async Task UpdateSubnetAsync_when_postcommit_throws_calls_all_throws_and_keeps_change()
    {
        await using var host = TestHost.WithRecorders(out var d, "a", "b");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        var subnet = await host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        d[0].FailOn("update_subnet_postcommit");

        var act = () => host.Plugin.UpdateSubnetAsync(Admin, subnet.Id, new SubnetUpdateRequest { Name = "renamed" }).AsTask();

        (await act.Should().ThrowAsync<MechanismDriverException>()).Which.Operation.Should().Be("update_subnet_postcommit");
        host.Log.For("update_subnet_postcommit").Should().Equal("a:update_subnet_postcommit", "b:update_subnet_postcommit");
        (await host.Plugin.GetSubnetAsync(Admin, subnet.Id)).Name.Should().Be("renamed");
    }

    [Fact]
    public async Task UpdatePortAsync_when_postcommit_throws_logs_and_succeeds()
    {
        await using var host = TestHost.WithRecorders(out var d, "a", "b");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id });
        d[0].FailOn("update_port_postcommit");

        var updated = await host.Plugin.UpdatePortAsync(Admin, port.Id, new PortUpdateRequest { Name = "p2" });

        updated.Name.Should().Be("p2");
        host.Log.For("update_port_postcommit").Should().Equal("a:update_port_postcommit", "b:update_port_postcommit");
    }

    [Fact]
    public async Task DeleteAsync_when_postcommit_throws_logs_and_resource_stays_deleted()
    {
        await using var host = TestHost.WithRecorders(out var d, "a", "b");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        var subnet = await host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id });
        d[0].FailOn("delete_port_postcommit", "delete_subnet_postcommit", "delete_network_postcommit");

        await host.Plugin.DeletePortAsync(Admin, port.Id);
        await host.Plugin.DeleteSubnetAsync(Admin, subnet.Id);
        await host.Plugin.DeleteNetworkAsync(Admin, network.Id);

        host.Log.For("delete_port_postcommit").Should().Equal("a:delete_port_postcommit", "b:delete_port_postcommit");
        host.Log.For("delete_subnet_postcommit").Should().Equal("a:delete_subnet_postcommit", "b:delete_subnet_postcommit");
        host.Log.For("delete_network_postcommit").Should().Equal("a:delete_network_postcommit", "b:delete_network_postcommit");
        (await host.Plugin.ListPortsAsync(Admin)).Should().BeEmpty();
        (await host.Plugin.ListSubnetsAsync(Admin)).Should().BeEmpty();
        (await host.Plugin.ListNetworksAsync(Admin)).Should().BeEmpty();
    }

    [Fact]
    public async Task CreatePortAsync_when_postcommit_throws_deletes_port_releases_addresses_and_rethrows()
    {
        await using var host = TestHost.WithRecorders(out var d, "a", "b");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        var subnet = await host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var before = StoreSnapshot.Capture(host.Store);
        d[1].FailOn("create_port_postcommit");
        host.Log.Clear();

        var act = () => host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id }).AsTask();

        (await act.Should().ThrowAsync<MechanismDriverException>()).Which.DriverName.Should().Be("b");
        host.Log.Calls.Should().Equal(
            "a:create_port_precommit", "b:create_port_precommit",
            "a:create_port_postcommit", "b:create_port_postcommit",
            "a:delete_port_precommit", "b:delete_port_precommit",
            "a:delete_port_postcommit", "b:delete_port_postcommit");
        StoreSnapshot.Capture(host.Store).Should().Be(before);
        StoreSnapshot.AllocatedIds(host.Store, $"ip:{subnet.Id}").Should().BeEmpty();
    }

    [Fact]
    public async Task CreateSubnetAsync_when_postcommit_throws_deletes_subnet_and_rethrows()
    {
        await using var host = TestHost.WithRecorders(out var d, "a");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        var before = StoreSnapshot.Capture(host.Store);
        d[0].FailOn("create_subnet_postcommit");

        var act = () => host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" }).AsTask();

        await act.Should().ThrowAsync<MechanismDriverException>();
        host.Log.For("delete_subnet_precommit").Should().ContainSingle();
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task CreatePortAsync_when_precommit_throws_nothing_persisted()
    {
        await using var host = TestHost.WithRecorders(out var d, "a", "b");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        await host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        d[0].FailOn("create_port_precommit");
        var before = StoreSnapshot.Capture(host.Store);
        host.Log.Clear();

        var act = () => host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id }).AsTask();

        (await act.Should().ThrowAsync<MechanismDriverException>()).Which.Operation.Should().Be("create_port_precommit");
        host.Log.Calls.Should().Equal("a:create_port_precommit");
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task Drivers_are_called_in_configured_order_not_registration_order()
    {
        await using var host = TestHost.WithRecorders(o => o.MechanismDrivers = ["c", "a", "b"], out _, "a", "b", "c");

        await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });

        host.Log.For("create_network_precommit").Should().Equal("c:create_network_precommit", "a:create_network_precommit", "b:create_network_precommit");
    }

    [Fact]
    public async Task Precommit_sees_open_transaction_and_driver_rows_commit_or_roll_back_with_the_operation()
    {
        await using var host = TestHost.WithRecorders(out var d, "writer", "checker");
        d[0].OnHook = async (context, transaction) =>
        {
            if (context is Ml2.Contexts.PortContext port && transaction is not null)
            {
                await transaction.DriverData.SetAsync("writer_ports", port.Current.Id, port.Current.MacAddress);
            }
        };
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });

        var kept = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id });
        d[1].FailOn("create_port_precommit");
        var failed = () => host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id }).AsTask();
        await failed.Should().ThrowAsync<MechanismDriverException>();

        await using var read = await host.Store.BeginReadOnlyTransactionAsync();
        var rows = await read.DriverData.ListAsync("writer_ports");
        rows.Should().ContainSingle().Which.Should().Be(new KeyValuePair<string, string>(kept.Id, kept.MacAddress));
        d[0].TransactionsSeen.Where(h => h.Hook.EndsWith("_precommit", StringComparison.Ordinal)).Should().NotBeEmpty().And.OnlyContain(h => h.HadTransaction);
        d[0].TransactionsSeen.Where(h => h.Hook.EndsWith("_postcommit", StringComparison.Ordinal)).Should().NotBeEmpty().And.OnlyContain(h => !h.HadTransaction);
    }

    [Fact]
    public async Task UpdateNetworkAsync_when_precommit_throws_change_is_rolled_back()
    {
        await using var host = TestHost.WithRecorders(out var d, "a");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "old" });
        d[0].FailOn("update_network_precommit");

        var act = () => host.Plugin.UpdateNetworkAsync(Admin, network.Id, new NetworkUpdateRequest { Name = "new" }).AsTask();

        await act.Should().ThrowAsync<MechanismDriverException>();
        var stored = await host.Plugin.GetNetworkAsync(Admin, network.Id);
        stored.Name.Should().Be("old");
        stored.RevisionNumber.Should().Be(network.RevisionNumber);
    }

    [Fact]
    public async Task Ports_start_down_with_unbound_vif_type()
    {
        await using var host = TestHost.WithRecorders(out _, "a");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });

        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id });

        port.Status.Should().Be(ResourceStatus.Down);
        port.Binding.VifType.Should().Be(VifTypes.Unbound);
    }
}
