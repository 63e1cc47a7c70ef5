using System.Text.Json;
using Ml2.Storage;
using Ml2.Storage.InMemory;

namespace Ml2.Core.Tests.Infrastructure;

/// <summary>
/// Everything an in-memory store holds, as text: every network, subnet, port and driver row, and every pool's ids in
/// use. Two equal snapshots mean the store is exactly as it was.
/// </summary>
public sealed record StoreSnapshot(string Rows, string Pools)
{
    public static StoreSnapshot Capture(IMl2Store store)
    {
        var memory = (InMemoryMl2Store)store;
        var rows = JsonSerializer.Serialize(new
        {
            networks = memory.NetworkTable.All().OrderBy(n => n.Id, StringComparer.Ordinal),
            subnets = memory.SubnetTable.All().OrderBy(s => s.Id, StringComparer.Ordinal),
            ports = memory.PortTable.All().OrderBy(p => p.Id, StringComparer.Ordinal),
            driverData = memory.DriverData.OrderBy(d => d.Key.Table + "/" + d.Key.Key, StringComparer.Ordinal).Select(d => $"{d.Key.Table}/{d.Key.Key}={d.Value}"),
        });
        string pools;
        lock (memory.Pools)
        {
            pools = string.Join(
                "\n",
                memory.Pools.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => $"{p.Key}: {string.Join(",", p.Value.AllocatedIds().Order())}"));
        }

        return new StoreSnapshot(rows, pools);
    }

    /// <summary>The names of every pool.</summary>
    public static IReadOnlyList<string> PoolNames(IMl2Store store)
    {
        var memory = (InMemoryMl2Store)store;
        lock (memory.Pools)
        {
            return [.. memory.Pools.Keys.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>The ids in use of one pool.</summary>
    public static IReadOnlyList<long> AllocatedIds(IMl2Store store, string pool)
    {
        var memory = (InMemoryMl2Store)store;
        lock (memory.Pools)
        {
            return memory.Pools.TryGetValue(pool, out var p) ? [.. p.AllocatedIds().Order()] : [];
        }
    }
}
