using System.Collections.Concurrent;
using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Placement;
using Microsoft.Extensions.Logging;
using Ml2.Exceptions;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement;

public sealed class DeviceSchedulerConcurrencyTests
{
    [Fact]
    public async Task ScheduleAsync_when_eight_threads_place_20000_on_five_hundred_devices_never_overcommits_and_counts_match()
    {
        const int devices = 500;
        const int maxVips = 40;
        const int threads = 8;
        const int perThread = 2_500;
        using var host = PlacementHost.Create(minimumLevel: LogLevel.Warning);
        for (var i = 0; i < devices; i++)
        {
            await host.Registry.OnboardAsync(Device($"dev-{i:D3}", maxVips: maxVips, maxNetworks: 2 * maxVips));
        }

        var placed = new ConcurrentDictionary<string, string>();
        var failures = new ConcurrentBag<string>();
        var retries = 0;
        var overcommitSeen = 0;
        var running = true;
        using var start = new Barrier(threads + 1);
        var watcher = new Thread(() =>
        {
            start.SignalAndWait();
            while (Volatile.Read(ref running))
            {
                foreach (var device in host.Registry.List())
                {
                    var snapshot = host.Registry.FindSnapshot(device.Id)!;
                    if (snapshot.LoadBalancerCount > maxVips || snapshot.WiredNetworkIds.Count > 2 * maxVips)
                    {
                        Interlocked.Increment(ref overcommitSeen);
                    }
                }
            }
        });
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var random = new Random(t);
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                var request = Request($"lb-{t}-{i}", $"tenant-{random.Next(300)}", Provider, $"vip-{random.Next(150)}", $"pool-{random.Next(400)}");
                while (true)
                {
                    try
                    {
                        var result = host.Scheduler.ScheduleAsync(request).AsTask().GetAwaiter().GetResult();
                        if (result.DeviceId is { } deviceId)
                        {
                            placed[request.LoadBalancerId] = deviceId;
                        }
                        else
                        {
                            failures.Add(result.Summary);
                        }

                        break;
                    }
                    catch (ConcurrencyConflictException)
                    {
                        Interlocked.Increment(ref retries);
                    }
                }
            }
        })).ToList();

        watcher.Start();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Volatile.Write(ref running, false);
        watcher.Join();

        failures.Should().BeEmpty("capacity is exactly 20,000 VIPs and no network limit binds");
        placed.Should().HaveCount(threads * perThread);
        overcommitSeen.Should().Be(0);
        var expectedPerDevice = placed.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToHashSet());
        foreach (var device in host.Registry.List())
        {
            var snapshot = host.Registry.FindSnapshot(device.Id)!;
            var claims = host.Registry.ClaimsOf(device.Id);
            snapshot.LoadBalancerCount.Should().Be(maxVips).And.Be(claims.Count);
            claims.Select(c => c.LoadBalancerId).Should().BeEquivalentTo(expectedPerDevice[device.Id]);
            snapshot.WiredNetworkIds.Should().BeEquivalentTo(claims.SelectMany(c => new[] { c.VipNetworkId, c.MemberNetworkId! }).Distinct());
            snapshot.TenantIds.Should().BeEquivalentTo(claims.Select(c => c.TenantId).Distinct());
            snapshot.Device.RevisionNumber.Should().Be(1 + maxVips);
        }
    }
}
