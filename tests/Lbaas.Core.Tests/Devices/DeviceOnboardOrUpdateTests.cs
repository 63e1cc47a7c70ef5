using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Devices;
using Ml2.Exceptions;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Devices;

/// <summary>
/// <see cref="IDeviceRegistry.OnboardOrUpdateAsync"/>: absent creates, present updates the mutable fields keeping
/// claims and runtime state, and bad input gets the same typed errors as <see cref="IDeviceRegistry.OnboardAsync"/>.
/// </summary>
public sealed class DeviceOnboardOrUpdateTests
{
    private static FakeProviderCatalog Catalog(bool overlappingIps = false) =>
        new(new Dictionary<string, ILoadBalancerDriver?>(StringComparer.OrdinalIgnoreCase)
        {
            ["acme"] = new RecordingLoadBalancerDriver { Capabilities = new LoadBalancerDriverCapabilities { MaxVipsPerDevice = 100, MaxNetworksPerInterface = 16, SupportsOverlappingIps = overlappingIps } },
        });

    [Fact]
    public async Task When_absent_onboards_the_device()
    {
        using var host = PlacementHost.Create(catalog: Catalog());

        var device = await host.Registry.OnboardOrUpdateAsync(Device("d1", provider: " ACME ", withCredentials: true));

        device.RevisionNumber.Should().Be(1);
        device.Provider.Should().Be("acme");
        host.Registry.Find("d1").Should().Be(device);
        host.Logs.Records.Should().Contain(e => e.EventId.Name == "DeviceOnboarded");
    }

    [Fact]
    public async Task When_present_updates_name_address_credentials_and_capacity_keeping_claims_and_runtime_state()
    {
        using var host = PlacementHost.Create(catalog: Catalog());
        await host.Registry.OnboardAsync(Device("d1", withCredentials: true));
        host.Load("d1", Claim("lb1", vipNetworkId: "n1", memberNetworkId: "n2"));
        await host.Registry.DrainAsync("d1");
        await host.Registry.AssignAgentAsync("d1", "agent-1");
        var before = host.Registry.Find("d1")!;

        var device = await host.Registry.OnboardOrUpdateAsync(Device("d1", maxVips: 40, maxNetworks: 12) with
        {
            Name = "renamed",
            ManagementAddress = "10.9.9.9",
            Credentials = new DeviceCredentials("operator", "n3w-Pa55"),
        });

        device.RevisionNumber.Should().Be(before.RevisionNumber + 1, "one change, one revision");
        device.Name.Should().Be("renamed");
        device.ManagementAddress.Should().Be("10.9.9.9");
        device.Credentials!.Username.Should().Be("operator");
        device.Credentials.Password.Should().Be("n3w-Pa55");
        device.Capacity.Should().Be(new DeviceCapacity(40, 12));
        device.Draining.Should().BeTrue("draining is runtime state, not on-boarding");
        device.AgentId.Should().Be("agent-1");
        host.Registry.ClaimsOf("d1").Select(c => c.LoadBalancerId).Should().Equal("lb1");
        host.Logs.AllText().Should().NotContain(t => t.Contains("n3w-Pa55", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_present_and_unchanged_writes_nothing()
    {
        using var host = PlacementHost.Create(catalog: Catalog());
        var first = await host.Registry.OnboardOrUpdateAsync(Device("d1", withCredentials: true));

        var again = await host.Registry.OnboardOrUpdateAsync(Device("d1", withCredentials: true));

        again.RevisionNumber.Should().Be(first.RevisionNumber, "equal credentials in a new instance are no change");
        host.Logs.Records.Should().NotContain(e => e.EventId.Name == "DeviceUpdated");
    }

    [Fact]
    public async Task When_present_without_credentials_keeps_the_stored_ones()
    {
        using var host = PlacementHost.Create(catalog: Catalog());
        await host.Registry.OnboardAsync(Device("d1", withCredentials: true));

        var device = await host.Registry.OnboardOrUpdateAsync(Device("d1", maxVips: 20));

        device.Credentials!.Password.Should().Be(Secret);
        device.Capacity.MaxVips.Should().Be(20);
    }

    [Theory]
    [MemberData(nameof(DeviceRegistryTests.InvalidDevices), MemberType = typeof(DeviceRegistryTests))]
    public async Task Bad_input_gets_the_same_typed_error_as_onboard_async_whether_the_device_is_absent_or_present(string because, Func<Device, Device> spoil, string field, string value)
    {
        using var host = PlacementHost.Create(catalog: Catalog());
        var bad = spoil(Device("d1", withCredentials: true));
        var onboard = async () => await host.Registry.OnboardAsync(bad);
        var expected = (await onboard.Should().ThrowAsync<InvalidInputException>(because)).Which;

        var absent = async () => await host.Registry.OnboardOrUpdateAsync(bad);
        var onAbsent = (await absent.Should().ThrowAsync<InvalidInputException>(because)).Which;
        var stored = await host.Registry.OnboardAsync(Device("d1", withCredentials: true));
        var present = async () => await host.Registry.OnboardOrUpdateAsync(bad);
        var onPresent = (await present.Should().ThrowAsync<InvalidInputException>(because)).Which;

        foreach (var error in new[] { onAbsent, onPresent })
        {
            error.Field.Should().Be(field);
            error.Value.Should().Be(value);
            error.Message.Should().Be(expected.Message);
            error.Message.Should().NotContain(Secret);
        }

        host.Registry.List().Should().ContainSingle().Which.Should().Be(stored, "nothing changed");
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("host_id")]
    [InlineData("cluster_id")]
    [InlineData("tenant_id")]
    [InlineData("supports_overlapping_ips")]
    public async Task When_present_a_field_placement_relies_on_differs_is_refused_naming_it_and_changes_nothing(string field)
    {
        using var host = PlacementHost.Create(catalog: Catalog(overlappingIps: true));
        var stored = await host.Registry.OnboardAsync(Device("d1"));
        var changed = field switch
        {
            "kind" => stored with { Kind = DeviceKind.Virtual },
            "host_id" => stored with { HostId = "elsewhere" },
            "cluster_id" => stored with { ClusterId = "c9" },
            "tenant_id" => stored with { TenantId = "t9" },
            _ => stored with { SupportsOverlappingIps = true },
        };

        var act = async () => await host.Registry.OnboardOrUpdateAsync(changed with { Capacity = new DeviceCapacity(50, 8) });

        var error = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        error.Field.Should().Be(field);
        error.Message.Should().Contain("cannot change");
        host.Registry.Find("d1").Should().Be(stored);
    }

    [Fact]
    public async Task When_present_capacity_below_the_load_is_refused_and_changes_nothing()
    {
        using var host = PlacementHost.Create(catalog: Catalog());
        await host.Registry.OnboardAsync(Device("d1"));
        host.Load("d1", Claim("lb1", vipNetworkId: "n1", memberNetworkId: "n2"), Claim("lb2", vipNetworkId: "n1", memberNetworkId: "n2"));
        var before = host.Registry.Find("d1")!;

        var act = async () => await host.Registry.OnboardOrUpdateAsync(Device("d1", maxVips: 1));

        var error = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        error.Field.Should().Be("capacity.max_vips");
        error.Value.Should().Be("1");
        host.Registry.Find("d1").Should().Be(before);
    }
}
