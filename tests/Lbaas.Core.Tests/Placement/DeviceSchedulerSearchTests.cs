using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Placement;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement;

/// <summary>The bounded search over the indexes, its honest explanations, and the full-scan fallback.</summary>
public sealed class DeviceSchedulerSearchTests
{
    private static async Task<PlacementHost> FleetAsync(int count, Action<PlacementOptions>? configure = null, Func<int, Lbaas.Device>? make = null)
    {
        var host = PlacementHost.Create(o =>
        {
            o.MinFeasibleDevices = 8;
            configure?.Invoke(o);
        });
        for (var i = 0; i < count; i++)
        {
            await host.Registry.OnboardAsync(make?.Invoke(i) ?? Device($"d{i:D3}"));
        }

        return host;
    }

    [Fact]
    public async Task ScheduleAsync_when_fleet_large_judges_a_bounded_set_and_says_so()
    {
        using var host = await FleetAsync(300);

        var result = await host.PlaceAsync(Request("lb1"));

        result.Succeeded.Should().BeTrue();
        result.DevicesTotal.Should().Be(300);
        result.DevicesConsidered.Should().BeInRange(8, 32);
        result.Summary.Should().MatchRegex(@"^placed on d\d{3} \(score 0\.25\) among \d+/\d+ available devices \(searched \d+ of 300\)$");
    }

    [Fact]
    public async Task ScheduleAsync_when_the_bounded_target_exceeds_a_judging_batch_judges_all_it_collected()
    {
        // 100 devices wanted before judging: more than one batch of facts (64) is read at once.
        using var host = await FleetAsync(300, o => o.MinFeasibleDevices = 100);

        var result = await host.PlaceAsync(Request("lb1"));

        result.Succeeded.Should().BeTrue(result.Summary);
        result.DevicesConsidered.Should().BeInRange(100, 300);
    }

    [Fact]
    public async Task ScheduleAsync_when_the_least_loaded_devices_are_spread_over_the_index_takes_each_of_them_first()
    {
        // Only the load scores, so every placement belongs on a device still empty, whichever stripe of the least-loaded
        // bucket it is filed in.
        using var host = await FleetAsync(300, o => o.Weights = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            [PlacementPolicyNames.SameTenant] = 0,
            [PlacementPolicyNames.WiredToVipNetwork] = 0,
            [PlacementPolicyNames.WiredToMemberNetwork] = 0,
        });
        for (var i = 24; i < 300; i++)
        {
            host.Fill($"d{i:D3}", 5);
        }

        var chosen = new List<string>();
        for (var n = 0; n < 24; n++)
        {
            chosen.Add((await host.PlaceAsync(Request($"lb{n}"))).DeviceId!);
        }

        chosen.Should().OnlyHaveUniqueItems().And.OnlyContain(id => string.CompareOrdinal(id, "d024") < 0);
    }

    [Fact]
    public async Task ScheduleAsync_when_one_device_already_wired_for_the_project_finds_it_through_the_indexes()
    {
        using var host = await FleetAsync(300);
        host.Load("d123", Claim("old-1", "tenant-a", "net-vip", "net-member"));
        for (var i = 0; i < 4; i++)
        {
            host.Load("d123", Claim($"old-other-{i}", "tenant-z", "net-z", null));
        }

        var result = await host.PlaceAsync(Request("lb1"));

        result.DeviceId.Should().Be("d123");
        result.DevicesConsidered.Should().BeLessThan(300);
        result.Scores[PlacementPolicyNames.WiredToMemberNetwork].Should().Be(0.25);
    }

    [Fact]
    public async Task ScheduleAsync_when_only_a_private_device_of_the_project_fits_finds_it_through_the_indexes()
    {
        using var host = await FleetAsync(300, make: i => Device($"d{i:D3}", tenantId: i == 77 ? "tenant-a" : null, maxVips: i == 77 ? 10 : 1));
        for (var i = 0; i < 300; i++)
        {
            if (i != 77)
            {
                host.Fill($"d{i:D3}", 1);
            }
        }

        var result = await host.PlaceAsync(Request("lb1"));

        result.DeviceId.Should().Be("d077");
        result.DevicesConsidered.Should().Be(1);
    }

    [Fact]
    public async Task ScheduleAsync_when_bounded_set_has_no_fit_judges_every_device_before_answering()
    {
        using var host = await FleetAsync(200, make: i => Device($"d{i:D3}", clusterId: i == 150 ? "c2" : "c1"));
        host.Fill("d150", 9);

        var result = await host.PlaceAsync(Request("lb1", avoidClusters: new HashSet<string> { "c1" }));

        result.DeviceId.Should().Be("d150");
        result.DevicesConsidered.Should().Be(200);
        result.DevicesAvailable.Should().Be(1);
        result.Rejections.Should().HaveCount(199).And.OnlyContain(r => r.Reason == "anti-affinity");
        result.Summary.Should().Be("placed on d150 (score 0.03) among 1/200 available devices");
        host.Logs.Records.Should().Contain(e => e.EventId.Id == 2104);
    }

    [Fact]
    public async Task ScheduleAsync_when_nothing_fits_in_a_large_fleet_explains_every_device()
    {
        using var host = await FleetAsync(150, make: i => Device($"d{i:D3}", maxVips: 1, provider: i < 100 ? Provider : "other"));
        for (var i = 0; i < 100; i++)
        {
            host.Fill($"d{i:D3}", 1);
        }

        var result = await host.PlaceAsync(Request("lb1"));

        result.Succeeded.Should().BeFalse();
        result.DevicesConsidered.Should().Be(150);
        result.Rejections.Should().HaveCount(150);
        result.Summary.Should().Be("0/150 devices available: 100 at VIP capacity, 50 wrong provider");
    }

    [Fact]
    public async Task ScheduleAsync_when_indexed_filter_disabled_judges_every_device()
    {
        using var host = await FleetAsync(100, o => o.EnabledPolicies = [PlacementPolicyNames.ProviderMatch, PlacementPolicyNames.Capacity, PlacementPolicyNames.LeastLoaded]);

        var result = await host.PlaceAsync(Request("lb1"));

        result.DevicesConsidered.Should().Be(100);
    }

    [Fact]
    public async Task ScheduleAsync_when_min_feasible_is_zero_judges_every_device()
    {
        using var host = await FleetAsync(100, o => o.MinFeasibleDevices = 0);

        var result = await host.PlaceAsync(Request("lb1"));

        result.DevicesConsidered.Should().Be(100);
        result.Summary.Should().NotContain("searched");
    }

    [Fact]
    public async Task ScheduleAsync_when_many_placements_on_a_bounded_search_prefers_least_loaded()
    {
        using var host = await FleetAsync(100, make: i => Device($"d{i:D3}", maxVips: 20));
        for (var i = 0; i < 500; i++)
        {
            (await host.PlaceAsync(Request($"lb{i}", tenantId: $"t{i}", vipNetworkId: $"v{i}", memberNetworkId: null))).Succeeded.Should().BeTrue();
        }

        var loads = host.Registry.List().Select(d => host.Registry.FindSnapshot(d.Id)!.LoadBalancerCount).ToList();
        loads.Sum().Should().Be(500);
        (loads.Max() - loads.Min()).Should().BeLessThanOrEqualTo(2, "least-loaded candidates come from the lowest load buckets");
    }
}
