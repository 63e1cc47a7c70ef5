using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Devices;
using Ml2.Exceptions;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Devices;

public sealed class DeviceRegistryTests
{
    private static FakeProviderCatalog Catalog(RecordingLoadBalancerDriver? driver = null) =>
        new(new Dictionary<string, ILoadBalancerDriver?>(StringComparer.OrdinalIgnoreCase) { ["acme"] = driver, ["other"] = null });

    [Fact]
    public async Task OnboardAsync_when_valid_stores_at_revision_one_with_lower_case_provider()
    {
        using var host = PlacementHost.Create(catalog: Catalog());

        var device = await host.Registry.OnboardAsync(Device("d1", provider: " ACME ") with { RevisionNumber = 77 });

        device.RevisionNumber.Should().Be(1);
        device.Provider.Should().Be("acme");
        host.Registry.Find("d1").Should().Be(device);
        host.Registry.FindSnapshot("d1")!.LoadBalancerCount.Should().Be(0);
        host.Logs.Records.Should().Contain(e => e.EventId.Id == 2000 && e.Message.Contains("'d1'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnboardAsync_when_id_exists_throws_conflict()
    {
        using var host = PlacementHost.Create();
        await host.Registry.OnboardAsync(Device("d1"));

        var act = async () => await host.Registry.OnboardAsync(Device("d1", maxVips: 99));

        (await act.Should().ThrowAsync<ConflictException>()).WithMessage("Device d1 already exists.");
        host.Registry.Find("d1")!.Capacity.MaxVips.Should().Be(10);
    }

    public static TheoryData<string, Func<Device, Device>, string, string> InvalidDevices => new()
    {
        { "empty id", d => d with { Id = " " }, "id", " " },
        { "id with space", d => d with { Id = "a b" }, "id", "a b" },
        { "id too long", d => d with { Id = new string('x', 256) }, "id", new string('x', 256) },
        { "empty provider", d => d with { Provider = "" }, "provider", "" },
        { "unknown provider", d => d with { Provider = "nope" }, "provider", "nope" },
        { "empty host", d => d with { HostId = "" }, "host_id", "" },
        { "no capacity", d => d with { Capacity = null! }, "capacity", "null" },
        { "no VIPs", d => d with { Capacity = new DeviceCapacity(0, 4) }, "capacity.max_vips", "0" },
        { "no networks", d => d with { Capacity = new DeviceCapacity(4, 0) }, "capacity.max_networks", "0" },
        { "VIPs above driver", d => d with { Capacity = new DeviceCapacity(101, 4) }, "capacity.max_vips", "101" },
        { "networks above driver", d => d with { Capacity = new DeviceCapacity(10, 17) }, "capacity.max_networks", "17" },
        { "overlap unsupported", d => d with { SupportsOverlappingIps = true }, "supports_overlapping_ips", "True" },
        { "name too long", d => d with { Name = new string('n', 256) }, "name", new string('n', 256) },
        { "address with credentials", d => d with { ManagementAddress = $"https://admin:{Secret}@10.0.0.1" }, "management_address", "***" },
        { "address with space", d => d with { ManagementAddress = "10.0.0.1 x" }, "management_address", "10.0.0.1 x" },
        { "credentials without user", d => d with { Credentials = new DeviceCredentials("", Secret) }, "credentials", "***" },
        { "bad kind", d => d with { Kind = (DeviceKind)9 }, "kind", "9" },
        { "bad health", d => d with { Health = (DeviceHealth)9 }, "health", "9" },
        { "blank tenant", d => d with { TenantId = " " }, "tenant_id", " " },
        { "blank cluster", d => d with { ClusterId = "" }, "cluster_id", "" },
    };

    [Theory]
    [MemberData(nameof(InvalidDevices))]
    public async Task OnboardAsync_when_field_invalid_throws_invalid_input_naming_field_and_value(string because, Func<Device, Device> spoil, string field, string value)
    {
        var driver = new RecordingLoadBalancerDriver { Capabilities = new LoadBalancerDriverCapabilities { MaxVipsPerDevice = 100, MaxNetworksPerInterface = 16 } };
        using var host = PlacementHost.Create(catalog: Catalog(driver));

        var act = async () => await host.Registry.OnboardAsync(spoil(Device("d1", withCredentials: true)));

        var error = (await act.Should().ThrowAsync<InvalidInputException>(because)).Which;
        error.Field.Should().Be(field);
        error.Value.Should().Be(value);
        error.Message.Should().NotContain(Secret);
        host.Registry.List().Should().BeEmpty();
    }

    [Fact]
    public async Task OnboardAsync_when_no_catalog_accepts_any_provider()
    {
        using var host = PlacementHost.Create();

        var device = await host.Registry.OnboardAsync(Device("d1", provider: "Whatever"));

        device.Provider.Should().Be("whatever");
    }

    [Fact]
    public async Task OnboardAsync_when_cancelled_throws()
    {
        using var host = PlacementHost.Create();

        var act = async () => await host.Registry.OnboardAsync(Device("d1"), new CancellationToken(true));

        await act.Should().ThrowAsync<OperationCanceledException>();
        host.Registry.Find("d1").Should().BeNull();
    }

    [Fact]
    public async Task UpdateAsync_when_fields_change_applies_them_and_bumps_revision_once()
    {
        using var host = PlacementHost.Create();
        await host.Registry.OnboardAsync(Device("d1"));

        var device = await host.Registry.UpdateAsync("d1", new DeviceUpdate
        {
            Name = "renamed",
            ManagementAddress = "10.9.9.9",
            Capacity = new DeviceCapacity(20, 10),
            AdminStateUp = false,
            Health = DeviceHealth.Degraded,
        });

        device.Should().BeEquivalentTo(Device("d1") with
        {
            Provider = "acme",
            Name = "renamed",
            ManagementAddress = "10.9.9.9",
            Capacity = new DeviceCapacity(20, 10),
            AdminStateUp = false,
            Health = DeviceHealth.Degraded,
            RevisionNumber = 2,
        });
        host.Logs.Records.Should().Contain(e => e.EventId.Id == 2001
            && e.Message.Contains("name, management_address, capacity, admin_state_up, health", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateAsync_when_nothing_changes_keeps_revision()
    {
        using var host = PlacementHost.Create();
        await host.Registry.OnboardAsync(Device("d1"));

        var device = await host.Registry.UpdateAsync("d1", new DeviceUpdate { Name = "name-d1", AdminStateUp = true });

        device.RevisionNumber.Should().Be(1);
    }

    [Theory]
    [InlineData(2, 8, "capacity.max_vips")]
    [InlineData(10, 1, "capacity.max_networks")]
    public async Task UpdateAsync_when_capacity_below_load_throws_and_keeps_device(int maxVips, int maxNetworks, string field)
    {
        using var host = PlacementHost.Create();
        await host.Registry.OnboardAsync(Device("d1"));
        host.Load("d1", Claim("lb1", vipNetworkId: "n1", memberNetworkId: "n2"), Claim("lb2", vipNetworkId: "n1", memberNetworkId: "n2"), Claim("lb3", vipNetworkId: "n1", memberNetworkId: null));

        var act = async () => await host.Registry.UpdateAsync("d1", new DeviceUpdate { Capacity = new DeviceCapacity(maxVips, maxNetworks) });

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Field.Should().Be(field);
        host.Registry.Find("d1")!.Capacity.Should().Be(new DeviceCapacity(10, 8));
        host.Registry.Find("d1")!.RevisionNumber.Should().Be(4);
    }

    [Fact]
    public async Task DrainAsync_when_called_sets_draining_and_update_can_stop_it()
    {
        using var host = PlacementHost.Create();
        await host.Registry.OnboardAsync(Device("d1"));

        (await host.Registry.DrainAsync("d1")).Draining.Should().BeTrue();
        (await host.Registry.DrainAsync("d1")).RevisionNumber.Should().Be(2);
        var undrained = await host.Registry.UpdateAsync("d1", new DeviceUpdate { Draining = false });

        undrained.Draining.Should().BeFalse();
        undrained.RevisionNumber.Should().Be(3);
    }

    [Fact]
    public async Task RemoveAsync_when_hosting_load_balancers_throws_conflict_even_while_draining()
    {
        using var host = PlacementHost.Create();
        await host.Registry.OnboardAsync(Device("d1"));
        host.Load("d1", Claim("lb1"), Claim("lb2"));
        await host.Registry.DrainAsync("d1");

        var act = async () => await host.Registry.RemoveAsync("d1");

        (await act.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("hosts 2 load balancer(s)");
        host.Registry.Find("d1").Should().NotBeNull();
        host.Logs.Records.Should().Contain(e => e.EventId.Id == 2003);
    }

    [Fact]
    public async Task RemoveAsync_when_drained_and_emptied_removes_device()
    {
        using var host = PlacementHost.Create();
        await host.Registry.OnboardAsync(Device("d1"));
        host.Load("d1", Claim("lb1"));
        await host.Registry.DrainAsync("d1");
        (await host.Registry.ReleaseAsync("d1", "lb1")).Should().BeTrue();

        await host.Registry.RemoveAsync("d1");

        host.Registry.Find("d1").Should().BeNull();
        host.Registry.FindSnapshot("d1").Should().BeNull();
        host.Registry.List().Should().BeEmpty();
        host.Cache.Count.Should().Be(0);
    }

    [Fact]
    public async Task RemoveAsync_when_empty_removes_and_id_can_be_reused()
    {
        using var host = PlacementHost.Create();
        await host.Registry.OnboardAsync(Device("d1"));

        await host.Registry.RemoveAsync("d1");
        var again = await host.Registry.OnboardAsync(Device("d1", maxVips: 3));

        again.Capacity.MaxVips.Should().Be(3);
        again.RevisionNumber.Should().Be(1);
    }

    [Fact]
    public async Task Operations_when_device_unknown_throw_resource_not_found()
    {
        using var host = PlacementHost.Create();

        var calls = new Func<Task>[]
        {
            async () => await host.Registry.UpdateAsync("ghost", new DeviceUpdate { Name = "x" }),
            async () => await host.Registry.DrainAsync("ghost"),
            async () => await host.Registry.RemoveAsync("ghost"),
            () => Task.FromResult(host.Registry.ClaimsOf("ghost")),
            async () => await host.Registry.AssignAgentAsync("ghost", "agent-1"),
        };

        foreach (var call in calls)
        {
            (await call.Should().ThrowAsync<ResourceNotFoundException>()).WithMessage("Device ghost could not be found.");
        }

        host.Registry.Find("ghost").Should().BeNull();
        host.Registry.FindSnapshot("ghost").Should().BeNull();
    }

    [Fact]
    public async Task List_when_several_devices_returns_them_ordered_by_id()
    {
        using var host = PlacementHost.Create();
        await host.WithDevicesAsync(Device("d3"), Device("d1"), Device("d2"));

        host.Registry.List().Select(d => d.Id).Should().Equal("d1", "d2", "d3");
    }

    [Fact]
    public async Task ClaimsOf_when_device_hosts_load_balancers_returns_claims_ordered_by_id()
    {
        using var host = PlacementHost.Create();
        await host.Registry.OnboardAsync(Device("d1"));
        host.Load("d1", Claim("lb-b"), Claim("lb-a"));

        host.Registry.ClaimsOf("d1").Select(c => c.LoadBalancerId).Should().Equal("lb-a", "lb-b");
    }

    [Fact]
    public async Task Assign_agent_when_called_sets_agent_and_bumps_revision()
    {
        using var host = PlacementHost.Create();
        await host.Registry.OnboardAsync(Device("d1"));

        var assigned = await host.Registry.AssignAgentAsync("d1", "agent-1");
        var same = await host.Registry.AssignAgentAsync("d1", "agent-1");
        var released = await host.Registry.AssignAgentAsync("d1", null);

        assigned.AgentId.Should().Be("agent-1");
        assigned.RevisionNumber.Should().Be(2);
        same.RevisionNumber.Should().Be(2);
        released.AgentId.Should().BeNull();
        released.RevisionNumber.Should().Be(3);
        (await FluentActions.Awaiting(async () => await host.Registry.AssignAgentAsync("d1", "agent 2")).Should().ThrowAsync<InvalidInputException>()).Which.Field.Should().Be("agent_id");
    }
}
