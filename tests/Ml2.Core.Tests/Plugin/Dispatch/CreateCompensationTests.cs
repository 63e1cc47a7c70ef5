using Microsoft.Extensions.DependencyInjection;
using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Dispatch;

/// <summary>
/// A create whose postcommit fails is undone by a compensating delete that removes the resource whatever the delete
/// hooks do (their failures are logged), and the caller gets the create's own error: no resource outlives a create
/// reported as failed.
/// </summary>
public sealed class CreateCompensationTests
{
    private static readonly CallerContext Admin = TestHost.Admin;

    [Fact]
    public async Task A_network_whose_create_postcommit_and_delete_precommit_both_fail_is_gone_and_the_create_error_is_reported()
    {
        await using var host = TestHost.WithRecorders(out var d, "a", "b");
        d[0].FailOn("create_network_postcommit", "delete_network_precommit");
        var before = StoreSnapshot.Capture(host.Store);

        var act = () => host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" }).AsTask();

        var error = (await act.Should().ThrowAsync<MechanismDriverException>()).Which;
        error.Operation.Should().Be("create_network_postcommit");
        (await host.Plugin.ListNetworksAsync(Admin)).Should().BeEmpty();
        StoreSnapshot.Capture(host.Store).Should().Be(before, "the network row and its segment are gone");
        host.Log.Calls.Should().Contain("b:delete_network_precommit", "the other drivers still hear of the delete");
    }

    [Fact]
    public async Task A_subnet_whose_create_postcommit_and_delete_precommit_both_fail_is_gone_and_the_create_error_is_reported()
    {
        await using var host = TestHost.WithRecorders(out var d, "a");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        d[0].FailOn("create_subnet_postcommit", "delete_subnet_precommit");
        var before = StoreSnapshot.Capture(host.Store);

        var act = () => host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" }).AsTask();

        (await act.Should().ThrowAsync<MechanismDriverException>()).Which.Operation.Should().Be("create_subnet_postcommit");
        (await host.Plugin.ListSubnetsAsync(Admin)).Should().BeEmpty();
        StoreSnapshot.Capture(host.Store).Should().Be(before, "the subnet and its address pool are gone");
    }

    [Fact]
    public async Task A_port_whose_create_postcommit_and_delete_precommit_both_fail_is_gone_and_the_create_error_is_reported()
    {
        await using var host = TestHost.WithRecorders(out var d, "a");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        await host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        d[0].FailOn("create_port_postcommit", "delete_port_precommit");
        var before = StoreSnapshot.Capture(host.Store);

        var act = () => host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id }).AsTask();

        (await act.Should().ThrowAsync<MechanismDriverException>()).Which.Operation.Should().Be("create_port_postcommit");
        (await host.Plugin.ListPortsAsync(Admin)).Should().BeEmpty();
        StoreSnapshot.Capture(host.Store).Should().Be(before, "the port, its MAC and its address are gone");
    }

    [Fact]
    public async Task A_plain_delete_is_still_refused_by_a_failing_delete_precommit()
    {
        await using var host = TestHost.WithRecorders(out var d, "a");
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });
        d[0].FailOn("delete_network_precommit");

        var act = () => host.Plugin.DeleteNetworkAsync(Admin, network.Id).AsTask();

        (await act.Should().ThrowAsync<MechanismDriverException>()).Which.Operation.Should().Be("delete_network_precommit");
        (await host.Plugin.ListNetworksAsync(Admin)).Should().ContainSingle();
    }

    [Fact]
    public async Task Thousands_of_creates_against_a_driver_failing_at_random_in_every_hook_leave_exactly_the_creates_reported_as_succeeded()
    {
        var faults = new RandomFaultDriver(new Random(20261207), failureRate: 0.3);
        await using var host = TestHost.Create(
            o =>
            {
                o.TenantNetworkTypes = ["vxlan"];
                o.Vxlan.VniRanges = ["1:100000"];
                o.UniqueMacAddressesAcrossNetworks = true;   // so every MAC is a pool allocation to compensate
            },
            (builder, _) => builder.AddMechanismDriver((IMechanismDriver)faults).AddMechanismDriver(new BindingDriver()));

        // Base resources, made while the driver is quiet: a network with a /16 for the ports, and networks for the subnets.
        var portNetwork = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "ports" });
        var portSubnet = await host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = portNetwork.Id, Cidr = "10.0.0.0/16" });
        var subnetNetworks = new List<string>();
        for (var n = 0; n < 40; n++)
        {
            subnetNetworks.Add((await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = $"subnets-{n}" })).Id);
        }

        var networks = new HashSet<string>(subnetNetworks, StringComparer.Ordinal) { portNetwork.Id };
        var subnets = new HashSet<string>(StringComparer.Ordinal) { portSubnet.Id };
        var ports = new HashSet<string>(StringComparer.Ordinal);
        var failed = 0;

        faults.Armed = true;
        const int PerKind = 2000;
        for (var i = 0; i < PerKind * 3; i++)
        {
            try
            {
                switch (i % 3)
                {
                    case 0:
                        networks.Add((await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = $"n{i}" })).Id);
                        break;
                    case 1:
                        var k = i / 3;
                        var request = new SubnetCreateRequest { NetworkId = subnetNetworks[k % subnetNetworks.Count], Cidr = $"10.{1 + (k / 256)}.{k % 256}.0/24" };
                        subnets.Add((await host.Plugin.CreateSubnetAsync(Admin, request)).Id);
                        break;
                    default:
                        var port = new PortCreateRequest { NetworkId = portNetwork.Id, HostId = i % 2 == 0 ? "compute-1" : null };
                        ports.Add((await host.Plugin.CreatePortAsync(Admin, port)).Id);
                        break;
                }
            }
            catch (MechanismDriverException)
            {
                failed++;
            }
        }

        faults.Armed = false;
        failed.Should().BeInRange(PerKind, PerKind * 3 - 300, "the driver fails often, but not always");
        Sorted((await host.Plugin.ListNetworksAsync(Admin)).Select(n => n.Id)).Should().Equal(Sorted(networks));
        Sorted((await host.Plugin.ListSubnetsAsync(Admin)).Select(s => s.Id)).Should().Equal(Sorted(subnets));
        Sorted((await host.Plugin.ListPortsAsync(Admin)).Select(p => p.Id)).Should().Equal(Sorted(ports));

        await using var read = await host.Store.BeginReadOnlyTransactionAsync();
        (await read.Pools.GetUsageAsync("vxlan"))!.Allocated.Should().Be(networks.Count, "no segment of a failed network stays allocated");
        (await read.Pools.GetUsageAsync("mac"))!.Allocated.Should().Be(ports.Count, "no MAC of a failed port stays allocated");
    }

    private static List<string> Sorted(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];

    /// <summary>Throws from every hook (and binding) with a fixed probability, drawn from a seeded generator, while armed.</summary>
    private sealed class RandomFaultDriver(Random random, double failureRate) : IMechanismDriver
    {
        public bool Armed { get; set; }

        public string Name => "random-faults";

        public ValueTask CreateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask CreateNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask UpdateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask UpdateNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask DeleteNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask DeleteNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask CreateSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask CreateSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask UpdateSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask UpdateSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask DeleteSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask DeleteSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask CreatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask CreatePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask UpdatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask UpdatePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask DeletePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask DeletePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => Maybe();

        public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken) => Maybe();

        private ValueTask Maybe() =>
            Armed && random.NextDouble() < failureRate ? throw new InvalidOperationException("injected fault") : default;
    }

    /// <summary>Binds every port on its first segment, so port creates with a host go through the binding commit.</summary>
    private sealed class BindingDriver : IMechanismDriver
    {
        public string Name => "binder";

        public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
        {
            context.SetBinding(context.SegmentsToBind![0].Id, VifTypes.Ovs, null, ResourceStatus.Active);
            return default;
        }
    }
}
