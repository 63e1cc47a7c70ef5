using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;
using Xunit.Abstractions;

namespace Ml2.Core.Tests.Plugin.Concurrency;

/// <summary>
/// Eight threads run 2,000 mixed operations each against one plugin; afterwards every pool holds exactly the ids the
/// surviving resources use, nothing is held twice, and the resource counts match what the threads did.
/// </summary>
public sealed class ConcurrentOperationsTests(ITestOutputHelper output)
{
    private const int Threads = 8;
    private const int OperationsPerThread = 2000;
    private const int SharedNetworks = 2;

    [Fact]
    public async Task Mixed_operations_when_eight_threads_run_concurrently_leave_pools_exactly_matching_the_surviving_resources()
    {
        var binder = new OvsBindingDriver();
        await using var host = TestHost.Create(
            o =>
            {
                o.TypeDrivers = ["vlan", "vxlan"];
                o.TenantNetworkTypes = ["vlan", "vxlan"];
                o.Vlan.NetworkVlanRanges = ["physnet1:1:4094", "physnet2:1:4094"];
                o.Vxlan.VniRanges = ["1:100000"];
            },
            (builder, _) => builder.AddMechanismDriver(binder));
        var admin = TestHost.Admin;
        var shared = new List<(Network Network, Subnet Subnet)>();
        for (var i = 0; i < SharedNetworks; i++)
        {
            var network = await host.Plugin.CreateNetworkAsync(admin, new NetworkCreateRequest { Name = $"shared-{i}", Shared = true });
            var subnet = await host.Plugin.CreateSubnetAsync(admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = $"172.{16 + i}.0.0/20" });
            shared.Add((network, subnet));
        }

        // One dedicated thread per worker, released together: the operations mostly complete synchronously, so
        // workers on the thread pool would just run one after another on whichever pool thread picked them up.
        var overlap = new OverlapMeter();
        using var start = new Barrier(Threads);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Threads)
            .Select(t => Task.Factory.StartNew(
                () => new Worker(host.Plugin, t, shared, overlap).Run(OperationsPerThread, start),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default))
            .ToArray();
        var results = await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;

        var unexpected = results.SelectMany(r => r.Unexpected).ToList();
        var expectedFailures = results.SelectMany(r => r.ExpectedFailures).GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{Threads * OperationsPerThread} operations in {elapsed.TotalSeconds:F1} s; " +
            $"networks +{results.Sum(r => r.NetworksCreated)} -{results.Sum(r => r.NetworksDeleted)}, ports +{results.Sum(r => r.PortsCreated)} -{results.Sum(r => r.PortsDeleted)}, " +
            $"subnets +{results.Sum(r => r.SubnetsCreated)}, port updates {results.Sum(r => r.PortsUpdated)}, binds {binder.Binds}; " +
            $"expected failures: {string.Join(", ", expectedFailures.Select(kv => $"{kv.Key}={kv.Value}"))}; at most {overlap.Max} operations in flight");
        overlap.Max.Should().BeGreaterThan(1, "the threads must actually run operations at the same time");
        unexpected.Should().BeEmpty("only NetworkInUse and exhausted pools are expected failures; first: {0}", unexpected.FirstOrDefault());
        results.Sum(r => r.Operations).Should().Be(Threads * OperationsPerThread);

        var networks = await host.Plugin.ListNetworksAsync(admin);
        var subnets = await host.Plugin.ListSubnetsAsync(admin);
        var ports = await host.Plugin.ListPortsAsync(admin);

        // Counts and identities match what the threads created minus what they deleted.
        networks.Should().HaveCount(SharedNetworks + results.Sum(r => r.NetworksCreated - r.NetworksDeleted));
        ports.Should().HaveCount(results.Sum(r => r.PortsCreated - r.PortsDeleted));
        Sorted(networks.Select(n => n.Id)).Should().Equal(Sorted(shared.Select(s => s.Network.Id).Concat(results.SelectMany(r => r.LiveNetworkIds))));
        Sorted(subnets.Select(s => s.Id)).Should().Equal(Sorted(shared.Select(s => s.Subnet.Id).Concat(results.SelectMany(r => r.LiveSubnetIds))));
        var tracked = results.SelectMany(r => r.LivePorts).ToDictionary(p => p.Id);
        Sorted(ports.Select(p => p.Id)).Should().Equal(Sorted(tracked.Keys));
        var mismatches = new List<string>();
        foreach (var port in ports)
        {
            var mine = tracked[port.Id];
            if (port.MacAddress != mine.MacAddress || !port.FixedIps.SequenceEqual(mine.FixedIps))
            {
                mismatches.Add($"port {port.Id} holds {port.MacAddress} [{string.Join(", ", port.FixedIps)}], its thread last saw {mine.MacAddress} [{string.Join(", ", mine.FixedIps)}]");
            }

            if (port.Binding.VifType != (port.Binding.HostId.Length > 0 ? VifTypes.Ovs : VifTypes.Unbound))
            {
                mismatches.Add($"port {port.Id} on host '{port.Binding.HostId}' is {port.Binding.VifType}");
            }
        }

        mismatches.Should().BeEmpty();

        // No segment, address or MAC is held twice.
        var segments = networks.SelectMany(n => n.Segments).ToList();
        segments.Should().OnlyContain(s => !s.IsDynamic);
        networks.Should().OnlyContain(n => n.Segments.Count == 1);
        segments.GroupBy(s => (s.NetworkType, s.PhysicalNetwork, s.SegmentationId)).Should().OnlyContain(g => g.Count() == 1);
        ports.GroupBy(p => (p.NetworkId, p.MacAddress)).Should().OnlyContain(g => g.Count() == 1);
        ports.SelectMany(p => p.FixedIps).GroupBy(ip => (ip.SubnetId, ip.IpAddress)).Should().OnlyContain(g => g.Count() == 1);

        // Every pool holds exactly the ids the surviving resources use.
        foreach (var physnet in new[] { "physnet1", "physnet2" })
        {
            StoreSnapshot.AllocatedIds(host.Store, $"vlan:{physnet}").Should().Equal(
                segments.Where(s => s.NetworkType == NetworkTypes.Vlan && s.PhysicalNetwork == physnet).Select(s => s.SegmentationId!.Value).Order(),
                $"vlan:{physnet} holds exactly the VLANs of the surviving networks");
        }

        StoreSnapshot.AllocatedIds(host.Store, "vxlan").Should().Equal(
            segments.Where(s => s.NetworkType == NetworkTypes.Vxlan).Select(s => s.SegmentationId!.Value).Order());
        StoreSnapshot.PoolNames(host.Store).Should().NotContain(p => p.StartsWith("mac", StringComparison.Ordinal), "MACs unique per network are held by the ports only");
        foreach (var subnet in subnets)
        {
            StoreSnapshot.AllocatedIds(host.Store, $"ip:{subnet.Id}").Should().Equal(
                ports.SelectMany(p => p.FixedIps).Where(ip => ip.SubnetId == subnet.Id).Select(ip => Ipv4Value(ip.IpAddress)).Order(),
                $"ip:{subnet.Id} ({subnet.Cidr}) holds exactly its ports' addresses");
        }

        var poolNames = StoreSnapshot.Capture(host.Store).Pools.Split('\n').Select(line => line[..line.IndexOf(": ", StringComparison.Ordinal)]).ToList();
        Sorted(poolNames.Where(p => p.StartsWith("ip:", StringComparison.Ordinal))).Should().Equal(Sorted(subnets.Select(s => $"ip:{s.Id}")), "pools of deleted subnets are gone");
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60));
    }

    private static List<string> Sorted(IEnumerable<string> values) => [.. values.Order(StringComparer.Ordinal)];


    private static long Ipv4Value(string address)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        return ((long)bytes[0] << 24) | ((long)bytes[1] << 16) | ((long)bytes[2] << 8) | bytes[3];
    }

    /// <summary>Binds every port (with or without addresses: l2 connectivity) to the first segment with vif type ovs.</summary>
    private sealed class OvsBindingDriver : IMechanismDriver
    {
        private int _binds;

        public string Name => "ovs";

        public string Connectivity => MechanismDriverConnectivity.L2;

        public int Binds => Volatile.Read(ref _binds);

        public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _binds);
            context.SetBinding(context.SegmentsToBind![0].Id, VifTypes.Ovs, null, ResourceStatus.Active);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Counts operations in flight across the threads and remembers the most seen at once.</summary>
    private sealed class OverlapMeter
    {
        private int _current;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _current);
            int seen;
            while ((seen = Volatile.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }
        }

        public void Leave() => Interlocked.Decrement(ref _current);
    }

    private sealed record TrackedPort(string Id, string NetworkId, string MacAddress, IReadOnlyList<FixedIp> FixedIps);

    private sealed class TrackedNetwork(string id)
    {
        public string Id { get; } = id;

        public List<string> SubnetIds { get; } = [];

        public HashSet<string> PortIds { get; } = [];
    }

    private sealed record WorkerResult(
        int Operations,
        int NetworksCreated,
        int NetworksDeleted,
        int SubnetsCreated,
        int PortsCreated,
        int PortsUpdated,
        int PortsDeleted,
        IReadOnlyList<string> LiveNetworkIds,
        IReadOnlyList<string> LiveSubnetIds,
        IReadOnlyList<TrackedPort> LivePorts,
        IReadOnlyList<string> ExpectedFailures,
        IReadOnlyList<string> Unexpected);

    /// <summary>One thread's operations, on its own tenant's networks and on the shared networks, tracked as it goes.</summary>
    private sealed class Worker(IMl2Plugin plugin, int index, IReadOnlyList<(Network Network, Subnet Subnet)> shared, OverlapMeter overlap)
    {
        private readonly Random _random = new(1000 + index);
        private readonly CallerContext _tenant = CallerContext.Tenant($"tenant-{index}");
        private readonly CallerContext _nova = new($"tenant-{index}", IsAdmin: true);
        private readonly List<TrackedNetwork> _networks = [];
        private readonly Dictionary<string, TrackedPort> _ports = [];
        private readonly List<string> _expectedFailures = [];
        private readonly List<string> _unexpected = [];
        private int _subnetCounter;
        private int _networksCreated;
        private int _networksDeleted;
        private int _subnetsCreated;
        private int _portsCreated;
        private int _portsUpdated;
        private int _portsDeleted;

        /// <summary>Runs on its own thread and blocks on each operation, so the workers really run in parallel.</summary>
        public WorkerResult Run(int operations, Barrier start)
        {
            start.SignalAndWait();
            for (var i = 0; i < operations; i++)
            {
                var roll = _random.Next(100);
                var name = roll switch
                {
                    < 10 => "create_network",
                    < 20 => "create_subnet",
                    < 50 => "create_port",
                    < 65 => "update_port",
                    < 78 => "delete_port",
                    < 90 => "delete_network",
                    _ => "read",
                };
                overlap.Enter();
                try
                {
                    RunOneAsync(name).GetAwaiter().GetResult();
                }
                catch (Exception ex)
                {
                    _unexpected.Add($"thread {index} op {i} {name}: {ex.GetType().Name}: {ex.Message}");
                }
                finally
                {
                    overlap.Leave();
                }
            }

            return new WorkerResult(
                operations, _networksCreated, _networksDeleted, _subnetsCreated, _portsCreated, _portsUpdated, _portsDeleted,
                [.. _networks.Select(n => n.Id)],
                [.. _networks.SelectMany(n => n.SubnetIds)],
                [.. _ports.Values],
                _expectedFailures,
                _unexpected);
        }

        private async Task RunOneAsync(string operation)
        {
            switch (operation)
            {
                case "create_network":
                    await CreateNetworkAsync();
                    break;
                case "create_subnet":
                    await CreateSubnetAsync();
                    break;
                case "create_port":
                    await CreatePortAsync();
                    break;
                case "update_port":
                    await UpdatePortAsync();
                    break;
                case "delete_port":
                    await DeletePortAsync();
                    break;
                case "delete_network":
                    await DeleteNetworkAsync();
                    break;
                default:
                    await ReadAsync();
                    break;
            }
        }

        private async Task CreateNetworkAsync()
        {
            try
            {
                var network = await plugin.CreateNetworkAsync(_tenant, new NetworkCreateRequest { Name = $"t{index}-n{_networksCreated}" });
                _networks.Add(new TrackedNetwork(network.Id));
                _networksCreated++;
            }
            catch (NoNetworkAvailableException)
            {
                _expectedFailures.Add("NoNetworkAvailable");
            }
        }

        private async Task CreateSubnetAsync()
        {
            var candidates = _networks.Where(n => n.SubnetIds.Count < 3).ToList();
            if (candidates.Count == 0)
            {
                await CreateNetworkAsync();
                return;
            }

            var network = candidates[_random.Next(candidates.Count)];
            var k = _subnetCounter++;
            var cidr = $"10.{index}.{(k / 4) % 256}.{(k % 4) * 64}/26";
            var subnet = await plugin.CreateSubnetAsync(_tenant, new SubnetCreateRequest { NetworkId = network.Id, Cidr = cidr });
            network.SubnetIds.Add(subnet.Id);
            _subnetsCreated++;
        }

        private async Task CreatePortAsync()
        {
            var onShared = _networks.Count == 0 || _random.Next(2) == 0;
            var networkId = onShared ? shared[_random.Next(shared.Count)].Network.Id : _networks[_random.Next(_networks.Count)].Id;
            var bind = _random.Next(2) == 0;
            try
            {
                var port = await plugin.CreatePortAsync(bind ? _nova : _tenant, new PortCreateRequest
                {
                    NetworkId = networkId,
                    Name = $"t{index}-p{_portsCreated}",
                    DeviceId = $"vm-{index}-{_portsCreated}",
                    DeviceOwner = "compute:nova",
                    HostId = bind ? $"compute-{_random.Next(4)}" : null,
                });
                _ports[port.Id] = new TrackedPort(port.Id, networkId, port.MacAddress, port.FixedIps);
                _networks.FirstOrDefault(n => n.Id == networkId)?.PortIds.Add(port.Id);
                _portsCreated++;
                if (bind && port.Binding.VifType != VifTypes.Ovs)
                {
                    _unexpected.Add($"thread {index}: port {port.Id} created with a host came back {port.Binding.VifType}");
                }
            }
            catch (IpAddressGenerationFailureException)
            {
                _expectedFailures.Add("IpAddressGenerationFailure");
            }
        }

        private async Task UpdatePortAsync()
        {
            if (_ports.Count == 0)
            {
                await CreatePortAsync();
                return;
            }

            var tracked = _ports.Values.ElementAt(_random.Next(_ports.Count));
            var subnetIds = SubnetsOf(tracked.NetworkId);
            if (subnetIds.Count == 0 || _random.Next(2) == 0)
            {
                var renamed = await plugin.UpdatePortAsync(_tenant, tracked.Id, new PortUpdateRequest { Name = $"renamed-{_portsUpdated}" });
                Check(renamed.FixedIps.SequenceEqual(tracked.FixedIps), $"rename of {tracked.Id} changed its addresses");
                _portsUpdated++;
                return;
            }

            var subnetId = subnetIds[_random.Next(subnetIds.Count)];
            try
            {
                var updated = await plugin.UpdatePortAsync(_tenant, tracked.Id, new PortUpdateRequest { FixedIps = [new FixedIpRequest(subnetId)] });
                Check(updated.FixedIps.Count == 1 && updated.FixedIps[0].SubnetId == subnetId, $"update of {tracked.Id} to subnet {subnetId} returned {updated.FixedIps.Count} addresses");
                _ports[tracked.Id] = tracked with { FixedIps = updated.FixedIps };
                _portsUpdated++;
            }
            catch (IpAddressGenerationFailureException)
            {
                _expectedFailures.Add("IpAddressGenerationFailure");
            }
        }

        private async Task DeletePortAsync()
        {
            if (_ports.Count == 0)
            {
                return;
            }

            var tracked = _ports.Values.ElementAt(_random.Next(_ports.Count));
            await plugin.DeletePortAsync(_tenant, tracked.Id);
            _ports.Remove(tracked.Id);
            _networks.FirstOrDefault(n => n.Id == tracked.NetworkId)?.PortIds.Remove(tracked.Id);
            _portsDeleted++;
        }

        private async Task DeleteNetworkAsync()
        {
            if (_networks.Count == 0)
            {
                return;
            }

            // Prefer empty networks, but sometimes try one with ports: that must fail with NetworkInUse.
            var empty = _networks.Where(n => n.PortIds.Count == 0).ToList();
            var network = empty.Count > 0 && _random.Next(4) != 0 ? empty[_random.Next(empty.Count)] : _networks[_random.Next(_networks.Count)];
            try
            {
                await plugin.DeleteNetworkAsync(_tenant, network.Id);
                Check(network.PortIds.Count == 0, $"network {network.Id} with {network.PortIds.Count} ports was deleted");
                _networks.Remove(network);
                _networksDeleted++;
            }
            catch (ResourceInUseException ex) when (ex.ResourceType == "Network")
            {
                Check(network.PortIds.Count > 0, $"empty network {network.Id} refused: {ex.Message}");
                _expectedFailures.Add("NetworkInUse");
            }
        }

        private async Task ReadAsync()
        {
            if (_random.Next(2) == 0 && _ports.Count > 0)
            {
                var tracked = _ports.Values.ElementAt(_random.Next(_ports.Count));
                var port = await plugin.GetPortAsync(_tenant, tracked.Id);
                Check(port.NetworkId == tracked.NetworkId && port.MacAddress == tracked.MacAddress, $"port {tracked.Id} read back differently");
                Check(port.FixedIps.SequenceEqual(tracked.FixedIps), $"port {tracked.Id} read back with other addresses");
                return;
            }

            var visible = await plugin.ListNetworksAsync(_tenant);
            var expected = _networks.Select(n => n.Id).Concat(shared.Select(s => s.Network.Id)).ToHashSet();
            Check(visible.Select(n => n.Id).ToHashSet().SetEquals(expected), $"tenant-{index} lists {visible.Count} networks, expected {expected.Count}");
            Check(visible.All(n => n.Segments.Count == 0), "a tenant saw segments");
        }

        private List<string> SubnetsOf(string networkId)
        {
            var own = _networks.FirstOrDefault(n => n.Id == networkId);
            return own is not null ? own.SubnetIds : [.. shared.Where(s => s.Network.Id == networkId).Select(s => s.Subnet.Id)];
        }

        private void Check(bool condition, string problem)
        {
            if (!condition)
            {
                _unexpected.Add($"thread {index}: {problem}");
            }
        }
    }
}
