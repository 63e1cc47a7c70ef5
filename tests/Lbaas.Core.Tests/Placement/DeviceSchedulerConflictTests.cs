using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Devices;
using Lbaas.Placement;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Exceptions;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement;

/// <summary>Lost capacity claims: compare-and-set on the device revision, re-judging, bounded retries.</summary>
public sealed class DeviceSchedulerConflictTests
{
    [Fact]
    public async Task ScheduleAsync_when_two_schedulers_race_for_the_last_slot_exactly_one_wins_and_the_other_takes_the_next_device()
    {
        using var barrier = new Barrier(2);
        var driver = new RecordingLoadBalancerDriver
        {
            // Both schedulers have judged both devices before either claims.
            Choose = (_, _) => barrier.SignalAndWait(TimeSpan.FromSeconds(30)) ? null : throw new TimeoutException(),
        };
        using var host = PlacementHost.Create(
            o => o.DriverChoosesDevice = true,
            new FakeProviderCatalog(new Dictionary<string, ILoadBalancerDriver?> { ["acme"] = driver }));
        await host.WithDevicesAsync(Device("last-slot", maxVips: 1), Device("next", maxVips: 10));
        host.Fill("next", 5);
        var schedulers = new[]
        {
            ActivatorUtilities.CreateInstance<DeviceScheduler>(host.Services),
            ActivatorUtilities.CreateInstance<DeviceScheduler>(host.Services),
        };
        var results = new PlacementResult[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            var request = Request($"lb{i}");
            results[i] = schedulers[i].ScheduleAsync(request).AsTask().GetAwaiter().GetResult();
        })).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        results.Select(r => r.DeviceId).Should().BeEquivalentTo(["last-slot", "next"]);
        var winner = results.Single(r => r.DeviceId == "last-slot");
        var loser = results.Single(r => r.DeviceId == "next");
        winner.ClaimConflicts.Should().Be(0);
        loser.ClaimConflicts.Should().Be(1);
        loser.Rejections.Should().Equal(new DeviceRejection("last-slot", PlacementPolicyNames.Capacity, "at VIP capacity"));
        loser.DevicesConsidered.Should().Be(2);
        loser.DevicesAvailable.Should().Be(1);
        host.Registry.FindSnapshot("last-slot")!.LoadBalancerCount.Should().Be(1);
        host.Registry.FindSnapshot("next")!.LoadBalancerCount.Should().Be(6);
        host.Logs.Records.Should().ContainSingle(e => e.EventId.Id == 2103);
    }

    [Fact]
    public async Task ScheduleAsync_when_device_changed_but_still_fits_claims_it_after_rejudging()
    {
        var bumps = 0;
        PlacementHost? hostRef = null;
        var driver = new RecordingLoadBalancerDriver
        {
            // The first judgement is immediately outdated by an operator change that keeps the device usable.
            Choose = (_, _) =>
            {
                if (Interlocked.Increment(ref bumps) == 1)
                {
                    hostRef!.Registry.AssignAgentAsync("d1", "agent-7").AsTask().GetAwaiter().GetResult();
                }

                return null;
            },
        };
        using var host = PlacementHost.Create(o => o.DriverChoosesDevice = true, new FakeProviderCatalog(new Dictionary<string, ILoadBalancerDriver?> { ["acme"] = driver }));
        hostRef = host;
        await host.WithDevicesAsync(Device("d1"));

        var result = await host.PlaceAsync(Request("lb1"));

        result.DeviceId.Should().Be("d1");
        result.ClaimConflicts.Should().Be(1);
        result.Rejections.Should().BeEmpty();
        host.Registry.Find("d1")!.AgentId.Should().Be("agent-7");
    }

    [Fact]
    public async Task ScheduleAsync_when_conflicts_exceed_max_claim_retries_throws_concurrency_conflict()
    {
        var agent = 0;
        PlacementHost? hostRef = null;
        var driver = new RecordingLoadBalancerDriver
        {
            // Every judgement is outdated before the claim: the device changes each time it is looked at.
            Veto = (_, d) =>
            {
                hostRef!.Registry.AssignAgentAsync(d.Device.Id, $"agent-{Interlocked.Increment(ref agent)}").AsTask().GetAwaiter().GetResult();
                return null;
            },
        };
        using var host = PlacementHost.Create(o => o.MaxClaimRetries = 3, new FakeProviderCatalog(new Dictionary<string, ILoadBalancerDriver?> { ["acme"] = driver }));
        hostRef = host;
        await host.WithDevicesAsync(Device("d1"));

        var act = async () => await host.PlaceAsync(Request("lb1"));

        var error = (await act.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
        error.ResourceType.Should().Be("Device");
        error.Id.Should().Be("d1");
        host.Registry.ClaimsOf("d1").Should().BeEmpty();
        host.Logs.Records.Count(e => e.EventId.Id == 2103).Should().Be(4);
    }

    [Fact]
    public async Task ScheduleAsync_when_device_removed_between_judging_and_claiming_takes_the_next_device()
    {
        PlacementHost? hostRef = null;
        var driver = new RecordingLoadBalancerDriver
        {
            Choose = (_, candidates) =>
            {
                if (candidates[0].Device.Id == "gone")
                {
                    hostRef!.Registry.RemoveAsync("gone").AsTask().GetAwaiter().GetResult();
                }

                return null;
            },
        };
        using var host = PlacementHost.Create(o => o.DriverChoosesDevice = true, new FakeProviderCatalog(new Dictionary<string, ILoadBalancerDriver?> { ["acme"] = driver }));
        hostRef = host;
        await host.WithDevicesAsync(Device("gone"), Device("stays"));
        host.Fill("stays", 2);

        var result = await host.PlaceAsync(Request("lb1"));

        result.DeviceId.Should().Be("stays");
        result.DevicesConsidered.Should().Be(1);
        result.Rejections.Should().BeEmpty();
    }
}
