using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Devices;
using Lbaas.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ml2.Exceptions;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement;

public sealed class DeviceSchedulerTests
{
    [Fact]
    public async Task ScheduleAsync_when_several_devices_fit_picks_best_and_explains_every_score()
    {
        using var host = PlacementHost.Create();
        await host.WithDevicesAsync(Device("d1"), Device("d2"), Device("d3", tenantId: "tenant-b"), Device("d4", adminStateUp: false));
        for (var i = 0; i < 5; i++)
        {
            host.Load("d2", Claim($"old-{i}", "tenant-a", "net-vip", null));
        }

        var result = await host.PlaceAsync(Request("lb1"));

        result.DeviceId.Should().Be("d2");
        result.Succeeded.Should().BeTrue();
        result.TotalScore.Should().BeApproximately(0.625, 1e-9);
        result.Scores.Should().BeEquivalentTo(new Dictionary<string, double>
        {
            [PlacementPolicyNames.LeastLoaded] = 0.125,
            [PlacementPolicyNames.SameTenant] = 0.25,
            [PlacementPolicyNames.WiredToVipNetwork] = 0.25,
            [PlacementPolicyNames.WiredToMemberNetwork] = 0,
        });
        result.Scores.Values.Sum().Should().BeApproximately(result.TotalScore, 1e-9);
        result.Rejections.Should().BeEquivalentTo(new[]
        {
            new DeviceRejection("d3", PlacementPolicyNames.TenantIsolation, "private to another project"),
            new DeviceRejection("d4", PlacementPolicyNames.AdminStateAndHealth, "disabled"),
        });
        result.DevicesConsidered.Should().Be(4);
        result.DevicesAvailable.Should().Be(2);
        result.DevicesTotal.Should().Be(4);
        result.Provisioned.Should().BeFalse();
        result.Summary.Should().Be("placed on d2 (score 0.63) among 2/4 available devices");
        result.ToString().Should().Be(result.Summary);
        host.Registry.ClaimsOf("d2").Should().Contain(TestDevices.Claim("lb1"));
        host.Logs.Records.Should().ContainSingle(e => e.EventId.Id == 2100 && e.Level == LogLevel.Debug)
            .Which.Message.Should().Contain("placed on d2").And.Contain("least_loaded");
    }

    [Fact]
    public async Task ScheduleAsync_when_every_device_rejected_lists_every_rejection_and_histogram()
    {
        using var host = PlacementHost.Create();
        for (var i = 0; i < 7; i++)
        {
            await host.Registry.OnboardAsync(Device($"full-{i}", maxVips: 1));
            host.Fill($"full-{i}", 1);
        }

        for (var i = 0; i < 5; i++)
        {
            await host.Registry.OnboardAsync(Device($"other-{i}", provider: "other"));
        }

        var result = await host.PlaceAsync(Request("lb1"));

        result.Succeeded.Should().BeFalse();
        result.DeviceId.Should().BeNull();
        result.Summary.Should().Be("0/12 devices available: 7 at VIP capacity, 5 wrong provider");
        result.Rejections.Should().HaveCount(12);
        result.Rejections.Where(r => r.Policy == PlacementPolicyNames.Capacity).Select(r => r.DeviceId)
            .Should().BeEquivalentTo(Enumerable.Range(0, 7).Select(i => $"full-{i}"));
        result.Rejections.Where(r => r.Policy == PlacementPolicyNames.ProviderMatch).Should().HaveCount(5);
        result.DevicesConsidered.Should().Be(12);
        result.DevicesAvailable.Should().Be(0);
        result.Scores.Should().BeEmpty();
        host.Logs.Records.Should().ContainSingle(e => e.EventId.Id == 2102 && e.Level == LogLevel.Warning)
            .Which.Message.Should().Contain("0/12 devices available: 7 at VIP capacity, 5 wrong provider");
        host.Logs.Records.Should().ContainSingle(e => e.EventId.Id == 2101 && e.Level == LogLevel.Debug)
            .Which.Message.Should().Contain("full-3").And.Contain("wrong provider");
    }

    [Fact]
    public async Task ScheduleAsync_when_no_device_registered_says_so()
    {
        using var host = PlacementHost.Create();

        var result = await host.PlaceAsync(Request("lb1"));

        result.Summary.Should().Be("0/0 devices available: no device registered");
    }

    [Fact]
    public async Task ScheduleAsync_when_scores_tie_breaks_ties_with_injected_random()
    {
        var chosen = new List<string?>();
        for (var seed = 0; seed < 12; seed++)
        {
            using var host = PlacementHost.Create(seed: seed);
            await host.WithDevicesAsync(Device("d1"), Device("d2"), Device("d3"), Device("d4"));
            chosen.Add((await host.PlaceAsync(Request("lb1"))).DeviceId);
        }

        using var again = PlacementHost.Create(seed: 5);
        await again.WithDevicesAsync(Device("d1"), Device("d2"), Device("d3"), Device("d4"));

        chosen.Distinct().Should().HaveCountGreaterThan(1);
        (await again.PlaceAsync(Request("lb1"))).DeviceId.Should().Be(chosen[5]);
    }

    [Fact]
    public async Task ScheduleAsync_when_top_k_picks_among_the_k_best_only()
    {
        using var host = PlacementHost.Create(o => o.TopK = 2);
        await host.WithDevicesAsync(Device("d0"), Device("d1"), Device("d2"), Device("d3"));
        for (var i = 1; i < 4; i++)
        {
            host.Fill($"d{i}", i);
        }

        var chosen = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            var result = await host.PlaceAsync(Request($"lb{i}", vipNetworkId: "n", memberNetworkId: null));
            chosen.Add(result.DeviceId!);
            (await host.Registry.ReleaseAsync(result.DeviceId!, $"lb{i}")).Should().BeTrue();
        }

        chosen.Should().BeEquivalentTo(["d0", "d1"]);
    }

    [Fact]
    public async Task ScheduleAsync_when_driver_vetoes_rejects_with_driver_policy()
    {
        var driver = new RecordingLoadBalancerDriver { Veto = (_, d) => d.Device.Id == "d1" ? "firmware too old" : null };
        using var host = PlacementHost.Create(catalog: new FakeProviderCatalog(new Dictionary<string, ILoadBalancerDriver?> { ["acme"] = driver }));
        await host.WithDevicesAsync(Device("d1"), Device("d2"));
        host.Fill("d2", 9);

        var result = await host.PlaceAsync(Request("lb1"));

        result.DeviceId.Should().Be("d2");
        result.Rejections.Should().Equal(new DeviceRejection("d1", PlacementPolicyNames.Driver, "firmware too old"));
    }

    [Fact]
    public async Task ScheduleAsync_when_driver_chooses_device_uses_its_choice_among_best_first_candidates()
    {
        IReadOnlyList<string>? offered = null;
        var driver = new RecordingLoadBalancerDriver
        {
            Choose = (_, candidates) =>
            {
                offered = [.. candidates.Select(c => c.Device.Id)];
                return candidates[^1].Device.Id;
            },
        };
        using var host = PlacementHost.Create(o => o.DriverChoosesDevice = true, new FakeProviderCatalog(new Dictionary<string, ILoadBalancerDriver?> { ["acme"] = driver }));
        await host.WithDevicesAsync(Device("d1"), Device("d2"), Device("d3"));
        host.Fill("d2", 3);
        host.Fill("d3", 6);

        var result = await host.PlaceAsync(Request("lb1"));

        offered.Should().Equal("d1", "d2", "d3");
        result.DeviceId.Should().Be("d3");
    }

    [Fact]
    public async Task ScheduleAsync_when_driver_chooses_unknown_device_keeps_best_and_warns()
    {
        var driver = new RecordingLoadBalancerDriver { Choose = (_, _) => "nowhere" };
        using var host = PlacementHost.Create(o => o.DriverChoosesDevice = true, new FakeProviderCatalog(new Dictionary<string, ILoadBalancerDriver?> { ["acme"] = driver }));
        await host.WithDevicesAsync(Device("d1"), Device("d2"));
        host.Fill("d2", 3);

        var result = await host.PlaceAsync(Request("lb1"));

        result.DeviceId.Should().Be("d1");
        host.Logs.Records.Should().Contain(e => e.EventId.Id == 2105 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task ScheduleAsync_when_weights_configured_weighted_scorer_decides()
    {
        using var host = PlacementHost.Create(o =>
        {
            o.EnabledPolicies = [PlacementPolicyNames.Capacity, PlacementPolicyNames.ProviderMatch, PlacementPolicyNames.LeastLoaded, PlacementPolicyNames.PreferVirtual];
            o.Weights = new Dictionary<string, double> { ["PREFER_VIRTUAL"] = 3 };
        });
        await host.WithDevicesAsync(Device("physical"), Device("virtual", kind: DeviceKind.Virtual));
        host.Fill("virtual", 8);

        var result = await host.PlaceAsync(Request("lb1"));

        result.DeviceId.Should().Be("virtual");
        result.TotalScore.Should().BeApproximately((0.2 + 3) / 4, 1e-9);
        result.Scores.Keys.Should().BeEquivalentTo([PlacementPolicyNames.LeastLoaded, PlacementPolicyNames.PreferVirtual]);
    }

    [Fact]
    public async Task ScheduleAsync_when_host_adds_policies_they_filter_and_score()
    {
        using var host = PlacementHost.Create(services: s =>
        {
            s.AddSingleton<IPlacementPolicy>(new DelegatePolicy("odd_only", (_, d) => d.Device.Id.EndsWith('2') ? PlacementVerdict.Reject("even device") : PlacementVerdict.Accept()));
            s.AddSingleton<IPlacementPolicy>(new DelegatePolicy("likes_three", (_, d) => PlacementVerdict.Accept(d.Device.Id == "d3" ? 1 : 0)));
        });
        await host.WithDevicesAsync(Device("d1"), Device("d2"), Device("d3"));

        var result = await host.PlaceAsync(Request("lb1"));

        result.DeviceId.Should().Be("d3");
        result.Rejections.Should().Equal(new DeviceRejection("d2", "odd_only", "even device"));
        result.Scores.Should().ContainKeys("odd_only", "likes_three", PlacementPolicyNames.LeastLoaded);
        result.Scores["likes_three"].Should().BeApproximately(1.0 / 6, 1e-9);
    }

    [Fact]
    public async Task ScheduleAsync_when_active_standby_pair_placed_second_half_avoids_first_device_and_cluster()
    {
        using var host = PlacementHost.Create();
        await host.WithDevicesAsync(Device("a1", clusterId: "ca"), Device("a2", clusterId: "ca"), Device("b1", clusterId: "cb"));
        host.Fill("b1", 5);
        host.Fill("a2", 1);

        var first = await host.PlaceAsync(Request("lb1") with { Topology = LoadBalancerTopologies.ActiveStandby });
        var second = await host.PlaceAsync(Request("lb1", avoidDevices: new HashSet<string> { "a1" }, avoidClusters: new HashSet<string> { "ca" }) with { Topology = LoadBalancerTopologies.ActiveStandby }, slot: LoadBalancerClaim.StandbySlot);

        first.DeviceId.Should().Be("a1");
        second.DeviceId.Should().Be("b1");
        second.Rejections.Select(r => (r.DeviceId, r.Reason)).Should().BeEquivalentTo([("a1", "anti-affinity"), ("a2", "anti-affinity")]);
    }

    [Fact]
    public async Task ScheduleAsync_when_load_balancer_already_on_only_device_throws_already_placed_and_keeps_the_claim()
    {
        using var host = PlacementHost.Create();
        await host.WithDevicesAsync(Device("d1"));
        (await host.PlaceAsync(Request("lb1"))).DeviceId.Should().Be("d1");

        var again = async () => await host.PlaceAsync(Request("lb1"));

        var error = (await again.Should().ThrowAsync<LoadBalancerAlreadyPlacedException>()).Which;
        error.Message.Should().Be("Load balancer lb1 is already placed on device d1.");
        error.Status.Should().Be(ErrorStatus.Conflict);
        error.ErrorType.Should().Be("Conflict");
        host.Registry.ClaimsOf("d1").Should().ContainSingle().Which.LoadBalancerId.Should().Be("lb1");
    }

    [Fact]
    public async Task ScheduleAsync_when_load_balancer_already_placed_and_another_device_fits_takes_no_second_claim()
    {
        using var host = PlacementHost.Create();
        await host.WithDevicesAsync(Device("d1"), Device("d2"));
        var first = await host.PlaceAsync(Request("lb1"));
        var other = first.DeviceId == "d1" ? "d2" : "d1";

        // Placed again, asking to avoid the device it is on: the other device fits, but the store refuses the claim.
        var again = async () => await host.PlaceAsync(Request("lb1", avoidDevices: new HashSet<string> { first.DeviceId! }));

        var error = (await again.Should().ThrowAsync<LoadBalancerAlreadyPlacedException>()).Which;
        error.DeviceId.Should().Be(first.DeviceId);
        error.LoadBalancerId.Should().Be("lb1");
        host.Registry.ClaimsOf(other).Should().BeEmpty();
        host.Registry.ClaimsOf(first.DeviceId!).Should().ContainSingle().Which.LoadBalancerId.Should().Be("lb1");
        var store = host.Services.GetRequiredService<Lbaas.Storage.IDeviceStore>();
        (await store.ListClaimsAsync()).Should().ContainSingle().Which.DeviceId.Should().Be(first.DeviceId);
    }

    [Fact]
    public async Task ScheduleAsync_when_device_draining_disabled_or_down_places_nothing_there()
    {
        using var host = PlacementHost.Create();
        await host.WithDevicesAsync(Device("d1"), Device("d2"), Device("d3"), Device("d4"));
        await host.Registry.DrainAsync("d1");
        await host.Registry.UpdateAsync("d2", new Lbaas.Devices.DeviceUpdate { AdminStateUp = false });
        await host.Registry.UpdateAsync("d3", new Lbaas.Devices.DeviceUpdate { Health = DeviceHealth.Down });
        host.Fill("d4", 10);

        var result = await host.PlaceAsync(Request("lb1"));

        result.Summary.Should().Be("0/4 devices available: 1 at VIP capacity, 1 disabled, 1 down, 1 draining");
    }

    [Fact]
    public async Task Release_when_claim_held_frees_the_slot()
    {
        using var host = PlacementHost.Create();
        await host.WithDevicesAsync(Device("d1", maxVips: 1));
        (await host.PlaceAsync(Request("lb1"))).DeviceId.Should().Be("d1");
        (await host.PlaceAsync(Request("lb2"))).Succeeded.Should().BeFalse();

        (await host.Registry.ReleaseAsync("d1", "lb1")).Should().BeTrue();
        (await host.Registry.ReleaseAsync("d1", "lb1")).Should().BeFalse();
        (await host.Registry.ReleaseAsync("ghost", "lb1")).Should().BeFalse();

        (await host.PlaceAsync(Request("lb2"))).DeviceId.Should().Be("d1");
    }

    [Fact]
    public async Task ScheduleAsync_claims_what_the_request_holds_in_its_slot()
    {
        using var host = PlacementHost.Create();
        await host.WithDevicesAsync(Device("d1"));
        var request = Request("lb1") with { VipAddress = "10.0.0.7", Slot = LoadBalancerClaim.StandbySlot };

        (await host.Scheduler.ScheduleAsync(request)).DeviceId.Should().Be("d1");

        host.Registry.ClaimsOf("d1").Should().Equal(ClaimFor(request) with { Slot = LoadBalancerClaim.StandbySlot });
        var act = async () => await host.Scheduler.ScheduleAsync(Request("lb2") with { Slot = -1 });
        await act.Should().ThrowAsync<ArgumentException>();
        host.Registry.ClaimsOf("d1").Should().HaveCount(1);
    }

    private sealed class DelegatePolicy(string name, Func<PlacementRequest, DeviceSnapshot, PlacementVerdict> evaluate) : IPlacementPolicy
    {
        public string Name => name;

        public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device) => evaluate(request, device);
    }
}
