using Lbaas.Devices;
using Lbaas.Service;
using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Lbaas;
using Ml2.Plugin;

namespace Ml2.Storage.Sqlite.Tests;

/// <summary>
/// ML2 and LBaaS composed on one SQLite file: concurrent load-balancer creates and deletes go through placement,
/// claims, wiring (ML2 ports) and agents on one database without deadlock or overcommit, and a restarted host sees
/// the same load balancers, claims and device credentials.
/// </summary>
public sealed class SqliteLbaasEndToEndTests
{
    private readonly string _file = SqliteStoreTarget.NewFile();

    [Fact]
    public async Task Concurrent_load_balancers_on_one_file_are_placed_within_capacity_and_survive_a_restart()
    {
        string vipNetwork;
        List<string> kept;
        await using (var first = await StartAsync())
        {
            var admin = CallerContext.Admin();
            var ml2 = first.GetRequiredService<IMl2Plugin>();
            var network = await ml2.CreateNetworkAsync(admin, new NetworkCreateRequest { Name = "vip", Shared = true });
            await ml2.CreateSubnetAsync(admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.9.0.0/16" });
            vipNetwork = network.Id;
            var registry = first.GetRequiredService<IDeviceRegistry>();
            foreach (var id in new[] { "adc-1", "adc-2" })
            {
                await registry.OnboardAsync(new Device
                {
                    Id = id, Name = id, Provider = "adc", HostId = "lb-host", Capacity = new DeviceCapacity(MaxVips: 5, MaxNetworks: 4),
                    Credentials = new DeviceCredentials("admin", "pa55"),
                });
            }

            var lbaas = first.GetRequiredService<ILoadBalancerService>();
            var demo = CallerContext.Tenant("demo");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));   // a deadlock fails the test instead of hanging it
            var created = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            {
                try
                {
                    return (await lbaas.CreateLoadBalancerAsync(demo, new LoadBalancerCreateRequest { Name = $"lb-{i}", VipNetworkId = vipNetwork }, timeout.Token)).Id;
                }
                catch (NoEligibleDeviceException)
                {
                    return null;
                }
            })));

            created.Count(id => id is not null).Should().Be(10, "two devices of 5 VIPs each");
            kept = [.. created.OfType<string>()];
            await SettleAsync(lbaas, demo, kept, timeout.Token);
            await Task.WhenAll(kept.Take(3).Select(id => Task.Run(async () => await lbaas.DeleteLoadBalancerAsync(demo, id, cascade: true, timeout.Token))));
            kept = kept.Skip(3).ToList();
            await SettleGoneAsync(lbaas, demo, kept.Count, timeout.Token);
        }

        await using var restarted = await StartAsync();
        var state = restarted.GetRequiredService<IDeviceStore>();
        var claims = await state.ListClaimsAsync();
        claims.Select(c => c.Claim.LoadBalancerId).Should().BeEquivalentTo(kept);
        claims.GroupBy(c => c.DeviceId).Should().OnlyContain(g => g.Count() <= 5);
        (await state.FindDeviceAsync("adc-1"))!.Credentials!.Password.Should().Be("pa55");
        var balancers = await restarted.GetRequiredService<ILoadBalancerService>().ListLoadBalancersAsync(CallerContext.Admin());
        balancers.Select(lb => lb.Id).Should().BeEquivalentTo(kept);
        balancers.Should().OnlyContain(lb => lb.ProvisioningStatus == ProvisioningStatus.Active);
        var vipPorts = await restarted.GetRequiredService<IMl2Plugin>().ListPortsAsync(CallerContext.Admin());
        vipPorts.Select(p => p.FixedIps[0].IpAddress).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task One_sql_store_object_serves_the_four_lbaas_store_contracts()
    {
        await using var host = await StartAsync();

        var objects = host.GetRequiredService<ILbaasObjectStore>();
        objects.Should().BeSameAs(host.GetRequiredService<IDeviceStore>())
            .And.BeSameAs(host.GetRequiredService<IAgentStore>())
            .And.BeSameAs(host.GetRequiredService<ILeaseStore>());
        objects.GetType().Namespace.Should().NotBe("Lbaas.Storage", "the SQL store replaced the in-memory ones");
    }

    private async Task<ServiceProvider> StartAsync()
    {
        var services = new ServiceCollection();
        services.AddMl2(o =>
        {
            o.TenantNetworkTypes = ["vxlan"];
            o.Vxlan.VniRanges = ["1:1000"];
            o.MechanismDrivers = ["ovs"];
        }).AddMechanismDriver(new BindEverythingDriver()).UseSqliteStore($"Data Source={_file}");
        services.AddLbaas(o => o.Providers = ["LOADBALANCERV2:adc:noop-adc:default"]).AddLoadBalancerDriver(new NoOpAdcDriver());
        var provider = services.BuildServiceProvider();
        await provider.StartLbaasAsync();
        return provider;
    }

    private static async Task SettleAsync(ILoadBalancerService lbaas, CallerContext caller, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            while (ProvisioningStatus.IsPending((await lbaas.GetLoadBalancerAsync(caller, id, cancellationToken)).ProvisioningStatus))
            {
                await Task.Delay(10, cancellationToken);
            }
        }
    }

    private static async Task SettleGoneAsync(ILoadBalancerService lbaas, CallerContext caller, int expected, CancellationToken cancellationToken)
    {
        while ((await lbaas.ListLoadBalancersAsync(caller, cancellationToken)).Count != expected)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    private sealed class NoOpAdcDriver : ILoadBalancerDriver
    {
        public string Name => "noop-adc";

        public LoadBalancerDriverCapabilities Capabilities { get; } = new() { Kind = DeviceKind.Physical, MaxVipsPerDevice = 64, MaxNetworksPerInterface = 16 };
    }

    private sealed class BindEverythingDriver : Drivers.IMechanismDriver
    {
        public string Name => "ovs";

        public ValueTask BindPortAsync(Contexts.PortContext context, CancellationToken cancellationToken)
        {
            context.SetBinding(context.SegmentsToBind![0].Id, Model.VifTypes.Ovs, null, Model.ResourceStatus.Active);
            return default;
        }
    }
}
