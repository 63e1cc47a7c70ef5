using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Lbaas.Devices;
using Lbaas.Storage;
using Ml2.Journal;
using Lbaas;
using Ml2.Model;
using Ml2.Storage.Relational;

namespace Ml2.Storage.Durability.Tests;

/// <summary>
/// Everything in one database, read in one read-only transaction (one snapshot): the resources through the store's
/// repositories, and the raw <c>ml2_pools</c> / <c>ml2_pool_ids</c>, <c>ml2_journal</c> and LBaaS rows
/// (<c>lbaas_objects</c> load balancers, <c>lbaas_devices</c>, <c>lbaas_claims</c>) through <see cref="IRelationalTransaction"/>.
/// </summary>
public sealed partial class DatabaseState
{
    private DatabaseState(IReadOnlyList<Network> networks, IReadOnlyList<Subnet> subnets, IReadOnlyList<Port> ports,
        IReadOnlyList<string> pools, IReadOnlyList<(string Pool, long Id)> poolIds)
    {
        Networks = networks;
        Subnets = subnets;
        Ports = ports;
        Pools = pools;
        PoolIds = poolIds;
    }

    /// <summary>The rows of <c>ml2_journal</c>, in <c>seq</c> order.</summary>
    public IReadOnlyList<JournalRow> Journal { get; private init; } = [];

    /// <summary>The load balancers in <c>lbaas_objects</c>.</summary>
    public IReadOnlyList<LoadBalancer> LoadBalancers { get; private init; } = [];

    /// <summary>The rows of <c>lbaas_devices</c>.</summary>
    public IReadOnlyList<Device> Devices { get; private init; } = [];

    /// <summary>The rows of <c>lbaas_claims</c>: device id, load-balancer id column, and the claim body.</summary>
    public IReadOnlyList<(string DeviceId, string LoadBalancerId, LoadBalancerClaim Claim)> Claims { get; private init; } = [];

    /// <summary>Whether a port belongs to load-balancer wiring (a VIP port or a device port), not to the ML2 load.</summary>
    public static bool IsLoadBalancerPort(Port port) => port.DeviceOwner == DeviceOwners.LoadBalancer;

    public IReadOnlyList<Network> Networks { get; }

    public IReadOnlyList<Subnet> Subnets { get; }

    public IReadOnlyList<Port> Ports { get; }

    /// <summary>The names in <c>ml2_pools</c>.</summary>
    public IReadOnlyList<string> Pools { get; }

    /// <summary>The rows of <c>ml2_pool_ids</c>.</summary>
    public IReadOnlyList<(string Pool, long Id)> PoolIds { get; }

    public static async Task<DatabaseState> ReadAsync(IMl2Store store)
    {
        await using var tx = await store.BeginReadOnlyTransactionAsync();
        var networks = await tx.Networks.ListAsync();
        var subnets = await tx.Subnets.ListAsync();
        var ports = await tx.Ports.ListAsync();
        var sql = (IRelationalTransaction)tx;
        var pools = new List<string>();
        var ids = new List<(string, long)>();
        await using (var command = sql.Connection.CreateCommand())
        {
            command.Transaction = sql.Transaction;
            command.CommandText = "SELECT name FROM ml2_pools";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                pools.Add(reader.GetString(0));
            }
        }

        await using (var command = sql.Connection.CreateCommand())
        {
            command.Transaction = sql.Transaction;
            command.CommandText = "SELECT pool, id FROM ml2_pool_ids";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        var journal = await QueryAsync(sql, "SELECT seq, driver, resource_type, resource_id, operation, depends_on, state FROM ml2_journal ORDER BY seq", r => new JournalRow(
            r.GetInt64(0), r.GetString(1), (JournalResourceType)r.GetInt32(2), r.GetString(3), (JournalOperation)r.GetInt32(4),
            JsonSerializer.Deserialize<List<string>>(r.GetString(5)) ?? [], (JournalEntryState)r.GetInt32(6)));
        // The LBaaS tables exist only when a host composed the LBaaS SQL store over this database.
        var lbaasTables = sql.Provider == "sqlite"
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'lbaas_objects'"
            : "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'lbaas_objects'";
        if ((await QueryAsync(sql, lbaasTables, r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture)))[0] == 0)
        {
            return new DatabaseState(networks, subnets, ports, pools, ids) { Journal = journal };
        }

        var loadBalancers = await QueryAsync(
            sql,
            "SELECT body FROM lbaas_objects WHERE type = 'loadbalancer'",
            r => JsonSerializer.Deserialize<LoadBalancer>(r.GetString(0), LbaasStoredTypes.JsonOptions)!);
        var devices = await QueryAsync(sql, "SELECT body, revision FROM lbaas_devices", r =>
            JsonSerializer.Deserialize<Device>(r.GetString(0), LbaasStoredTypes.JsonOptions)! with { RevisionNumber = r.GetInt64(1) });
        var claims = await QueryAsync(sql, "SELECT device_id, load_balancer_id, body FROM lbaas_claims", r =>
            (r.GetString(0), r.GetString(1), JsonSerializer.Deserialize<LoadBalancerClaim>(r.GetString(2), LbaasStoredTypes.JsonOptions)!));
        return new DatabaseState(networks, subnets, ports, pools, ids) { Journal = journal, LoadBalancers = loadBalancers, Devices = devices, Claims = claims };
    }

    private static async Task<List<T>> QueryAsync<T>(IRelationalTransaction sql, string text, Func<DbDataReader, T> read)
    {
        var rows = new List<T>();
        await using var command = sql.Connection.CreateCommand();
        command.Transaction = sql.Transaction;
        command.CommandText = text;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>
    /// The consistency problems (empty when consistent): duplicates (VNI, MAC per network, IP per subnet, pool row), dangling
    /// references (a port or subnet whose network is gone, a fixed IP whose subnet is gone or on another network), and
    /// every pool's ids in use differing from the ids the resources hold (an allocation without its resource, or a
    /// resource without its allocation).
    /// </summary>
    public List<string> FindInconsistencies()
    {
        var problems = new List<string>();
        var networkIds = Networks.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var subnetsById = Subnets.ToDictionary(s => s.Id, StringComparer.Ordinal);

        var vnis = Networks.SelectMany(n => n.Segments).Where(s => s.NetworkType == NetworkTypes.Vxlan).Select(s => s.SegmentationId!.Value).ToList();
        Duplicates("VNI", vnis, problems);
        Duplicates("MAC on a network", Ports.Select(p => $"{p.NetworkId}/{p.MacAddress}"), problems);
        Duplicates("IP", Ports.SelectMany(p => p.FixedIps).Select(ip => $"{ip.SubnetId}/{ip.IpAddress}"), problems);
        Duplicates("ml2_pool_ids row", PoolIds.Select(r => $"{r.Pool}#{r.Id}"), problems);
        Duplicates("network id", Networks.Select(n => n.Id), problems);
        Duplicates("port id", Ports.Select(p => p.Id), problems);

        foreach (var subnet in Subnets.Where(s => !networkIds.Contains(s.NetworkId)))
        {
            problems.Add($"subnet {subnet.Id} references missing network {subnet.NetworkId}");
        }

        foreach (var port in Ports)
        {
            if (!networkIds.Contains(port.NetworkId))
            {
                problems.Add($"port {port.Id} references missing network {port.NetworkId}");
            }

            foreach (var ip in port.FixedIps)
            {
                if (!subnetsById.TryGetValue(ip.SubnetId, out var subnet))
                {
                    problems.Add($"port {port.Id} has {ip.IpAddress} on missing subnet {ip.SubnetId}");
                }
                else if (subnet.NetworkId != port.NetworkId)
                {
                    problems.Add($"port {port.Id} on network {port.NetworkId} has an IP on subnet {ip.SubnetId} of network {subnet.NetworkId}");
                }
            }
        }

        var inUse = PoolIds.GroupBy(r => r.Pool, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(r => r.Id).ToHashSet(), StringComparer.Ordinal);
        var expected = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal)
        {
            ["vxlan"] = [.. vnis],
        };
        // MACs are unique per network (the default): the ports' unique key is their only record, no pool holds them; a MAC
        // twice on one network is a duplicate.
        foreach (var duplicate in Ports.GroupBy(p => (p.NetworkId, p.MacAddress)).Where(g => g.Count() > 1))
        {
            problems.Add($"MAC {duplicate.Key.MacAddress} is on {duplicate.Count()} ports of network {duplicate.Key.NetworkId}");
        }

        foreach (var subnet in Subnets)
        {
            expected[$"ip:{subnet.Id}"] = [];
        }

        foreach (var ip in Ports.SelectMany(p => p.FixedIps))
        {
            if (expected.TryGetValue($"ip:{ip.SubnetId}", out var set))
            {
                set.Add(IpValue(ip.IpAddress));
            }
        }

        foreach (var pool in expected.Keys.Union(inUse.Keys))
        {
            var actual = inUse.GetValueOrDefault(pool) ?? [];
            var wanted = expected.GetValueOrDefault(pool) ?? [];
            var orphans = actual.Except(wanted).ToList();
            var missing = wanted.Except(actual).ToList();
            if (orphans.Count > 0)
            {
                problems.Add($"pool {pool}: {orphans.Count} id(s) in use that no resource holds (orphan allocations), e.g. {string.Join(", ", orphans.Take(5))}");
            }

            if (missing.Count > 0)
            {
                problems.Add($"pool {pool}: {missing.Count} id(s) held by resources but not in use in the pool, e.g. {string.Join(", ", missing.Take(5))}");
            }
        }

        var poolNames = Pools.ToHashSet(StringComparer.Ordinal);
        foreach (var subnet in Subnets.Where(s => !poolNames.Contains($"ip:{s.Id}")))
        {
            problems.Add($"subnet {subnet.Id} has no ml2_pools row");
        }

        foreach (var pool in Pools.Where(p => p.StartsWith("ip:", StringComparison.Ordinal) && !subnetsById.ContainsKey(p[3..])))
        {
            problems.Add($"ml2_pools row {pool} belongs to no subnet");
        }

        foreach (var pool in Pools.Where(p => p == "mac" || p.StartsWith("mac:", StringComparison.Ordinal)))
        {
            problems.Add($"ml2_pools row {pool}: MACs unique per network are held by the ports' unique key, not by a pool");
        }

        return problems;
    }

    /// <summary>
    /// What does not match the acknowledged operations: every acknowledged, live resource must be present with the
    /// printed VNI / network / CIDR / MAC / IPs; every acknowledged delete must be absent. With
    /// <paramref name="exact"/> (all processes finished) the database must hold nothing else either.
    /// </summary>
    public List<string> FindMismatches(OperationLog log, bool exact, IReadOnlyCollection<string> preExistingNetworks)
    {
        var problems = new List<string>();
        var networks = Networks.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var subnets = Subnets.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var ports = Ports.ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (var acked in log.LiveNetworks)
        {
            if (!networks.TryGetValue(acked.Id, out var network))
            {
                problems.Add($"acknowledged network {acked.Id} is missing");
            }
            else if (network.Segments.Single().SegmentationId != acked.Vni)
            {
                problems.Add($"network {acked.Id} has VNI {network.Segments.Single().SegmentationId}, acknowledged {acked.Vni}");
            }
        }

        foreach (var acked in log.LiveSubnets)
        {
            if (!subnets.TryGetValue(acked.Id, out var subnet))
            {
                problems.Add($"acknowledged subnet {acked.Id} is missing");
            }
            else if (subnet.NetworkId != acked.NetworkId || subnet.Cidr != acked.Cidr)
            {
                problems.Add($"subnet {acked.Id} is {subnet.Cidr} on {subnet.NetworkId}, acknowledged {acked.Cidr} on {acked.NetworkId}");
            }
        }

        foreach (var acked in log.LivePorts)
        {
            if (!ports.TryGetValue(acked.Id, out var port))
            {
                problems.Add($"acknowledged port {acked.Id} is missing");
                continue;
            }

            var ips = port.FixedIps.Select(ip => (ip.SubnetId, ip.IpAddress)).ToList();
            if (port.NetworkId != acked.NetworkId || port.MacAddress != acked.Mac || !ips.SequenceEqual(acked.FixedIps))
            {
                problems.Add($"port {acked.Id} is {port.MacAddress} {Format(ips)} on {port.NetworkId}, acknowledged {acked.Mac} {Format(acked.FixedIps)} on {acked.NetworkId}");
            }
        }

        problems.AddRange(log.DeletedNetworks.Where(networks.ContainsKey).Select(id => $"network {id} was deleted (acknowledged) but is present"));
        problems.AddRange(log.DeletedPorts.Where(ports.ContainsKey).Select(id => $"port {id} was deleted (acknowledged) but is present"));

        if (exact)
        {
            var liveNetworks = log.LiveNetworks.Select(n => n.Id).Concat(preExistingNetworks.Where(id => !log.DeletedNetworks.Contains(id))).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(networks.Keys.Where(id => !liveNetworks.Contains(id)).Select(id => $"network {id} is present but was never acknowledged as created"));
            var livePorts = log.LivePorts.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(ports.Values.Where(p => !IsLoadBalancerPort(p)).Select(p => p.Id).Where(id => !livePorts.Contains(id)).Select(id => $"port {id} is present but was never acknowledged as created (or its delete was acknowledged)"));
        }

        return problems;
    }

    /// <summary>Formats problems for an assertion message (the first 30).</summary>
    public static string Describe(List<string> problems)
    {
        var text = new StringBuilder().Append(problems.Count).AppendLine(" problem(s):");
        foreach (var problem in problems.Take(30))
        {
            text.Append("  ").AppendLine(problem);
        }

        return text.ToString();
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Networks.Count} networks, {Subnets.Count} subnets, {Ports.Count} ports, {PoolIds.Count} ids in use in {Pools.Count} pools, ")
        + string.Create(CultureInfo.InvariantCulture, $"{Journal.Count} journal entries, {LoadBalancers.Count} load balancers, {Claims.Count} claims on {Devices.Count} devices");

    private static void Duplicates<T>(string what, IEnumerable<T> values, List<string> problems)
    {
        foreach (var group in values.GroupBy(v => v).Where(g => g.Count() > 1).Take(10))
        {
            problems.Add($"duplicate {what} {group.Key} ({group.Count()} times)");
        }
    }

    private static string Format(IEnumerable<(string SubnetId, string Ip)> ips) => string.Join(",", ips.Select(ip => $"{ip.SubnetId}={ip.Ip}"));

    private static long IpValue(string ip)
    {
        var bytes = IPAddress.Parse(ip).GetAddressBytes();
        return ((long)bytes[0] << 24) | ((long)bytes[1] << 16) | ((long)bytes[2] << 8) | bytes[3];
    }
}
