using System.Text.Json;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Journal;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Journal;

/// <summary>Journaled drivers get a journal entry in the operation's transaction instead of postcommit calls.</summary>
public sealed class JournalRecordingTests
{
    private static CallerContext Admin => TestHost.Admin;

    [Fact]
    public async Task CreateNetwork_appends_one_pending_entry_for_the_journaled_driver_with_the_committed_resource()
    {
        await using var host = JournalTestHost.Create();

        var network = await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });

        var entry = (await host.EntriesAsync()).Should().ContainSingle().Subject;
        entry.Driver.Should().Be("odl");
        entry.ResourceType.Should().Be(JournalResourceType.Network);
        entry.Operation.Should().Be(JournalOperation.Create);
        entry.ResourceId.Should().Be(network.Id);
        entry.State.Should().Be(JournalEntryState.Pending);
        entry.Attempts.Should().Be(0);
        entry.CreatedAt.Should().Be(host.Time.GetUtcNow());
        entry.NextAttemptAt.Should().Be(entry.CreatedAt);
        entry.DependsOn.Should().BeEmpty();
        entry.OriginalBody.Should().BeNull();
        var body = JsonSerializer.Deserialize<Network>(entry.Body)!;
        body.Id.Should().Be(network.Id);
        body.Name.Should().Be("web");
        body.Segments.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Precommit_failure_of_another_driver_rolls_back_the_journal_entry_and_nothing_is_delivered()
    {
        await using var host = JournalTestHost.Create();
        host.Sw.FailOn("create_network_precommit");

        var act = async () => await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });

        await act.Should().ThrowAsync<MechanismDriverException>();
        host.Host.Log.Calls.Should().Contain("odl:create_network_precommit", "the journaled driver's precommit still runs");
        (await host.EntriesAsync()).Should().BeEmpty();
        var pass = await host.Journal.RunOnceAsync();
        pass.Delivered.Should().Be(0);
        host.Odl.Attempts.Should().BeEmpty();
    }

    [Fact]
    public async Task Entries_already_appended_in_the_transaction_roll_back_when_a_later_precommit_throws()
    {
        await using var host = JournalTestHost.Create();
        var network = await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });
        await host.Host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var before = await host.EntriesAsync();
        host.Sw.FailOn("delete_network_precommit");

        // delete_subnet_precommit runs (and journals the subnet delete) before delete_network_precommit throws.
        var act = async () => await host.Host.Plugin.DeleteNetworkAsync(Admin, network.Id);

        await act.Should().ThrowAsync<MechanismDriverException>();
        host.Host.Log.Calls.Should().Contain("odl:delete_subnet_precommit");
        (await host.EntriesAsync()).Should().BeEquivalentTo(before, "the subnet delete entry rolled back with the transaction");
        host.Sw.StopFailing();
        await host.Host.Plugin.DeleteNetworkAsync(Admin, network.Id);
        (await host.EntriesAsync()).Skip(2).Select(e => (e.ResourceType, e.Operation)).Should().Equal(
            (JournalResourceType.Subnet, JournalOperation.Delete), (JournalResourceType.Network, JournalOperation.Delete));
    }

    [Fact]
    public async Task Update_and_port_entries_carry_original_and_dependencies()
    {
        await using var host = JournalTestHost.Create();
        var network = await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });
        var subnet = await host.Host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var port = await host.Host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id });
        await host.Host.Plugin.UpdateNetworkAsync(Admin, network.Id, new NetworkUpdateRequest { Name = "web2" });

        var entries = await host.EntriesAsync();

        entries.Select(e => (e.ResourceType, e.Operation)).Should().Equal(
            (JournalResourceType.Network, JournalOperation.Create),
            (JournalResourceType.Subnet, JournalOperation.Create),
            (JournalResourceType.Port, JournalOperation.Create),
            (JournalResourceType.Network, JournalOperation.Update));
        entries.Select(e => e.Sequence).Should().BeInAscendingOrder();
        entries[1].DependsOn.Should().Equal(network.Id);
        entries[2].DependsOn.Should().Equal(network.Id, subnet.Id);
        entries[2].ResourceId.Should().Be(port.Id);
        JsonSerializer.Deserialize<Network>(entries[3].OriginalBody!)!.Name.Should().Be("web");
        JsonSerializer.Deserialize<Network>(entries[3].Body)!.Name.Should().Be("web2");
    }

    [Fact]
    public async Task Journaled_driver_gets_no_postcommit_calls_while_the_plain_driver_still_does()
    {
        await using var host = JournalTestHost.Create();
        var plugin = host.Host.Plugin;
        var network = await plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });
        var subnet = await plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var port = await plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id });
        await plugin.UpdatePortAsync(Admin, port.Id, new PortUpdateRequest { Name = "p" });
        await plugin.UpdateSubnetAsync(Admin, subnet.Id, new SubnetUpdateRequest { Name = "s" });
        await plugin.UpdateNetworkAsync(Admin, network.Id, new NetworkUpdateRequest { Name = "n" });
        await plugin.DeletePortAsync(Admin, port.Id);
        await plugin.DeleteSubnetAsync(Admin, subnet.Id);
        await plugin.DeleteNetworkAsync(Admin, network.Id);

        var calls = host.Host.Log.Calls;
        calls.Where(c => c.StartsWith("odl:", StringComparison.Ordinal) && c.EndsWith("_postcommit", StringComparison.Ordinal)).Should().BeEmpty();
        calls.Where(c => c.StartsWith("sw:", StringComparison.Ordinal) && c.EndsWith("_postcommit", StringComparison.Ordinal)).Should().HaveCount(9);
        calls.Where(c => c.StartsWith("odl:", StringComparison.Ordinal) && c.EndsWith("_precommit", StringComparison.Ordinal)).Should().HaveCount(9);
        (await host.EntriesAsync()).Should().HaveCount(9).And.OnlyContain(e => e.Driver == "odl");
    }

    [Fact]
    public async Task Postcommit_failure_of_the_plain_driver_on_create_journals_the_compensating_delete()
    {
        await using var host = JournalTestHost.Create();
        host.Sw.FailOn("create_network_postcommit");

        var act = async () => await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });

        await act.Should().ThrowAsync<MechanismDriverException>();
        (await host.EntriesAsync()).Select(e => e.Operation).Should().Equal(JournalOperation.Create, JournalOperation.Delete);
    }
}
