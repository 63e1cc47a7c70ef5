using Ml2.Core.Tests.Infrastructure;
using Ml2.Journal;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Journal;

/// <summary>Two controller instances (two workers with their own ids) over one store deliver every entry exactly once.</summary>
public sealed class JournalConcurrencyTests
{
    [Fact]
    public async Task Two_workers_in_parallel_deliver_every_entry_exactly_once_in_dependency_order()
    {
        await using var host = JournalTestHost.Create();
        host.Odl.YieldOnDeliver = true;
        var plugin = host.Host.Plugin;
        var networkOfPort = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 0; n < 20; n++)
        {
            var network = await plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = $"n{n}" });
            for (var p = 0; p < 4; p++)
            {
                var port = await plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id });
                networkOfPort[port.Id] = network.Id;
            }
        }

        var total = (await host.EntriesAsync()).Count;
        total.Should().Be(100);
        await using var a = host.NewWorker("worker-a");
        await using var b = host.NewWorker("worker-b");
        var results = new System.Collections.Concurrent.ConcurrentBag<JournalPassResult>();

        async Task RunAsync(JournalWorker worker)
        {
            for (var i = 0; i < 10_000 && (await host.EntriesAsync(JournalEntryState.Completed)).Count < total; i++)
            {
                results.Add(await worker.RunOnceAsync());
            }
        }

        await Task.WhenAll(Task.Run(() => RunAsync(a)), Task.Run(() => RunAsync(b)));

        host.Odl.DeliveryCounts.Should().HaveCount(total);
        host.Odl.DeliveryCounts.Values.Should().OnlyContain(count => count == 1);
        host.Odl.Attempts.Should().HaveCount(total, "no delivery failed, so every attempt is a delivery");
        results.Sum(r => r.Delivered).Should().Be(total);
        var entries = await host.EntriesAsync();
        entries.Should().OnlyContain(e => e.State == JournalEntryState.Completed && e.Attempts == 1);
        var deliveredAt = host.Odl.Attempts.ToDictionary(x => x.Entry.ResourceId, x => x.Order, StringComparer.Ordinal);
        foreach (var (port, network) in networkOfPort)
        {
            deliveredAt[port].Should().BeGreaterThan(deliveredAt[network], "a port is delivered after its network");
        }
    }
}
