using Lbaas.Devices;
using Lbaas.Placement;
using Lbaas.Service;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Docs.Examples;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Docs.Tests;

/// <summary>Each example of docs/driver-guide.md, registered as the guide says, doing its job.</summary>
public sealed class DriverExampleTests
{
    private static readonly CallerContext s_tenant = CallerContext.Tenant("demo");
    private static readonly CallerContext s_admin = CallerContext.Admin("admin");

    [Fact]
    public async Task Mechanism_driver_sees_precommit_and_postcommit_keeps_its_row_and_binds_the_port()
    {
        var services = new ServiceCollection();
        services.AddMl2(o => { o.TenantNetworkTypes = ["vxlan"]; o.Vxlan.VniRanges = ["1000:1999"]; })
                .AddMechanismDriver<ExampleSwitchDriver>();
        await using var sp = services.BuildServiceProvider();
        var ml2 = await sp.StartMl2Async();
        var driver = sp.GetServices<Drivers.IMechanismDriver>().OfType<ExampleSwitchDriver>().Single();

        var net = await ml2.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "web" });
        await ml2.CreateSubnetAsync(s_tenant, new SubnetCreateRequest { NetworkId = net.Id, Cidr = "10.0.0.0/24" });
        var port = await ml2.CreatePortAsync(s_admin, new PortCreateRequest { NetworkId = net.Id, TenantId = "demo", HostId = "compute-1" });

        driver.Calls.Should().ContainInOrder($"precommit {port.Id}", $"postcommit {port.Id}", $"bind {port.Id} on compute-1");
        port.Binding.VifType.Should().Be(VifTypes.Ovs);
        port.Binding.Levels.Should().ContainSingle().Which.DriverName.Should().Be("example-switch");
        port.Status.Should().Be(ResourceStatus.Active);
        var store = sp.GetRequiredService<IMl2Store>();
        await using var read = await store.BeginReadOnlyTransactionAsync();
        (await read.DriverData.GetAsync(ExampleSwitchDriver.Table, port.Id)).Should().Be(net.Id);
    }

    [Fact]
    public async Task Type_driver_allocates_tenant_segments_of_its_own_type_and_reserves_provider_segments()
    {
        var services = new ServiceCollection();
        services.AddMl2(o => { o.TypeDrivers = ["local", "stt"]; o.TenantNetworkTypes = ["stt"]; })
                .AddTypeDriver<SttTypeDriver>();
        await using var sp = services.BuildServiceProvider();
        var ml2 = await sp.StartMl2Async();

        var tenantNet = await ml2.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "overlay" });
        var segment = (await ml2.GetNetworkAsync(s_admin, tenantNet.Id)).Segments.Should().ContainSingle().Subject;
        segment.NetworkType.Should().Be("stt");
        segment.SegmentationId.Should().BeInRange(1, 4095);
        segment.Mtu.Should().Be(1420);

        var provider = await ml2.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = "p", NetworkType = "stt", SegmentationId = 4095 });
        provider.Segments.Should().ContainSingle().Which.SegmentationId.Should().Be(4095);
        var again = async () => await ml2.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = "q", NetworkType = "stt", SegmentationId = 4095 });
        await again.Should().ThrowAsync<SegmentInUseException>();
        var physnet = async () => await ml2.CreateNetworkAsync(s_admin, new NetworkCreateRequest { NetworkType = "stt", PhysicalNetwork = "physnet1" });
        await physnet.Should().ThrowAsync<InvalidInputException>();
    }

    [Fact]
    public async Task Load_balancer_driver_receives_the_create_and_vetoes_devices_without_management_address()
    {
        await using var host = await LbaasHost.CreateAsync(withPolicy: false);
        await host.Registry.OnboardAsync(LbaasHost.Device("adc-1", "rack-b"));
        await host.Registry.OnboardAsync(LbaasHost.Device("adc-2", "rack-b") with { ManagementAddress = "" });

        var lb = await host.CreateActiveAsync();

        lb.DeviceIds.Should().Equal("adc-1");
        host.Driver.VirtualServers.Should().ContainKey(lb.Id).WhoseValue.Should().Be($"adc-1 {lb.VipAddress}");
        var placement = (await host.Lbaas.GetPlacementAsync(s_admin, lb.Id)).Should().ContainSingle().Subject;
        placement.DevicesAvailable.Should().Be(1, "the driver vetoed adc-2: {0}", placement.Summary);
    }

    [Fact]
    public async Task PlacementPolicy_score_moves_the_placement_to_the_preferred_rack()
    {
        foreach (var withPolicy in new[] { false, true })
        {
            await using var host = await LbaasHost.CreateAsync(withPolicy);
            await host.Registry.OnboardAsync(LbaasHost.Device("b-1", "rack-b"));
            await host.CreateActiveAsync();              // b-1 now hosts the tenant and is wired to both networks
            await host.Registry.OnboardAsync(LbaasHost.Device("a-1", RackAffinityPolicy.PreferredRack));

            var second = await host.CreateActiveAsync();

            // Without the policy same_tenant and wired_to_* keep the second load balancer on b-1; with it (weight 10), a-1 wins.
            second.DeviceIds.Should().Equal(withPolicy ? "a-1" : "b-1");
            var placement = (await host.Lbaas.GetPlacementAsync(s_admin, second.Id)).Single();
            placement.Scores.ContainsKey(RackAffinityPolicy.PolicyName).Should().Be(withPolicy);
        }
    }

    [Fact]
    public async Task PlacementPolicy_filter_rejects_devices_outside_any_rack_with_its_reason()
    {
        await using var host = await LbaasHost.CreateAsync(withPolicy: true);
        await host.Registry.OnboardAsync(LbaasHost.Device("loose-1", clusterId: null));

        var create = async () => await host.CreateActiveAsync();

        var error = (await create.Should().ThrowAsync<NoEligibleDeviceException>()).Which;
        error.Result.Rejections.Should().ContainSingle()
            .Which.Should().Be(new DeviceRejection("loose-1", RackAffinityPolicy.PolicyName, "not in a rack"));
    }

    /// <summary>ML2 with VXLAN tenant networks plus LBaaS with the example driver behind provider <c>adc</c>.</summary>
    private sealed class LbaasHost(ServiceProvider provider, ILoadBalancerService lbaas, string vipNetworkId, string memberNetworkId) : IAsyncDisposable
    {
        public ILoadBalancerService Lbaas => lbaas;

        public IDeviceRegistry Registry => provider.GetRequiredService<IDeviceRegistry>();

        public ExampleAdcDriver Driver => provider.GetServices<ILoadBalancerDriver>().OfType<ExampleAdcDriver>().Single();

        public static async Task<LbaasHost> CreateAsync(bool withPolicy)
        {
            var services = new ServiceCollection();
            services.AddMl2(o => { o.TenantNetworkTypes = ["vxlan"]; o.Vxlan.VniRanges = ["1000:1999"]; });
            var lbaas = services.AddLbaas(o => o.Providers = ["LOADBALANCERV2:adc:example-adc:default"])
                                .AddLoadBalancerDriver<ExampleAdcDriver>();
            if (withPolicy)
            {
                lbaas.AddPlacementPolicy<RackAffinityPolicy>()
                     .ConfigurePlacement(o => o.Weights[RackAffinityPolicy.PolicyName] = 10);
            }

            var sp = services.BuildServiceProvider();
            var ml2 = await sp.StartMl2Async();
            var service = await sp.StartLbaasAsync();
            var vip = await ml2.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "vip" });
            await ml2.CreateSubnetAsync(s_tenant, new SubnetCreateRequest { NetworkId = vip.Id, Cidr = "10.0.0.0/24" });
            var members = await ml2.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "app" });
            await ml2.CreateSubnetAsync(s_tenant, new SubnetCreateRequest { NetworkId = members.Id, Cidr = "10.0.1.0/24" });
            return new LbaasHost(sp, service, vip.Id, members.Id);
        }

        public static Device Device(string id, string? clusterId) => new()
        {
            Id = id,
            Name = id,
            Provider = "adc",
            HostId = $"lb-host-{id}",
            ManagementAddress = $"https://{id}.mgmt.example",
            Capacity = new DeviceCapacity(MaxVips: 10, MaxNetworks: 8),
            ClusterId = clusterId,
        };

        /// <summary>Creates a load balancer and waits (bounded) until the agent has realised it.</summary>
        public async Task<LoadBalancer> CreateActiveAsync()
        {
            var lb = await lbaas.CreateLoadBalancerAsync(s_tenant, new LoadBalancerCreateRequest { VipNetworkId = vipNetworkId, MemberNetworkId = memberNetworkId });
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                lb = await lbaas.GetLoadBalancerAsync(s_admin, lb.Id);
                if (!ProvisioningStatus.IsPending(lb.ProvisioningStatus))
                {
                    lb.ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
                    return lb;
                }

                await Task.Delay(5);
            }

            throw new TimeoutException($"load balancer {lb.Id} still {lb.ProvisioningStatus} after 5 s");
        }

        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }
}
