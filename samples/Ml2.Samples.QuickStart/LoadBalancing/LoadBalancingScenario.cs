using Lbaas.Devices;
using Lbaas.Service;
using Microsoft.Extensions.DependencyInjection;
using Lbaas;
using Ml2.Plugin;

namespace Ml2.Samples.QuickStart.LoadBalancing;

/// <summary>
/// The LBaaS half of the main job: three ADC appliances are on-boarded, load balancers with a VIP on the provider
/// network and members on the tenant network are placed (one active/standby pair), and one gets a listener, a pool
/// and a member.
/// </summary>
internal static class LoadBalancingScenario
{
    public static async Task RunAsync(IServiceProvider services, string vipNetworkId, string memberNetworkId, TextWriter output)
    {
        var registry = services.GetRequiredService<IDeviceRegistry>();
        foreach (var appliance in new[]
        {
            Appliance("adc-1", "lb-host-1", maxVips: 2, cluster: "rack-a"),
            Appliance("adc-2", "lb-host-2", maxVips: 2, cluster: "rack-a"),
            Appliance("adc-3", "lb-host-3", maxVips: 4, cluster: "rack-b"),
        })
        {
            if (registry.Find(appliance.Id) is null)
            {
                await registry.OnboardAsync(appliance);   // the appliances (and their credentials) are kept by the store
            }
        }

        var lbaas = services.GetRequiredService<ILoadBalancerService>();
        var demo = CallerContext.Tenant("demo");
        var admin = CallerContext.Admin();
        if ((await lbaas.ListLoadBalancersAsync(admin)).Count == 0)
        {
            await CreateLoadBalancersAsync(lbaas, demo, vipNetworkId, memberNetworkId);
        }

        output.WriteLine();
        output.WriteLine("Load balancers");
        foreach (var lb in await lbaas.ListLoadBalancersAsync(admin))
        {
            output.WriteLine($"  {lb.Name,-6} vip={lb.VipAddress,-14} topology={lb.Topology,-14} status={lb.ProvisioningStatus}/{lb.OperatingStatus} devices={string.Join(",", lb.DeviceIds.Select(id => registry.Find(id)?.Name ?? id))}");
            foreach (var placement in await lbaas.GetPlacementAsync(admin, lb.Id))
            {
                var scores = string.Join(" ", placement.Scores.Select(s => $"{s.Key}={s.Value:0.00}"));
                output.WriteLine($"    why: {placement.Summary}");
                output.WriteLine($"    scores: {scores}");
                foreach (var rejection in placement.Rejections)
                {
                    output.WriteLine($"    rejected {registry.Find(rejection.DeviceId)?.Name ?? rejection.DeviceId}: {rejection.Reason} ({rejection.Policy})");
                }
            }
        }

        output.WriteLine();
        output.WriteLine("Device load");
        output.WriteLine($"  {"device",-6} {"cluster",-7} {"VIPs",-6} {"networks",-8} projects");
        foreach (var device in registry.List())
        {
            var snapshot = registry.FindSnapshot(device.Id)!;
            output.WriteLine($"  {device.Name,-6} {device.ClusterId,-7} {snapshot.LoadBalancerCount + "/" + device.Capacity.MaxVips,-6} {snapshot.WiredNetworkIds.Count,-8} {string.Join(",", snapshot.TenantIds)}");
        }
    }

    private static Device Appliance(string name, string host, int maxVips, string cluster) => new()
    {
        Id = name,
        Name = name,
        Provider = "adc",
        Kind = DeviceKind.Physical,
        HostId = host,
        ManagementAddress = $"https://{name}.mgmt.example",
        Credentials = new DeviceCredentials("admin", "sample-secret"),
        Capacity = new DeviceCapacity(maxVips, MaxNetworks: 8),
        ClusterId = cluster,
    };

    /// <summary>Waits (bounded) until the agents have realised every pending change.</summary>
    private static async Task WaitUntilSettledAsync(ILoadBalancerService lbaas, CallerContext caller, params string[] ids)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var pending = false;
            foreach (var id in ids)
            {
                pending |= ProvisioningStatus.IsPending((await lbaas.GetLoadBalancerAsync(caller, id)).ProvisioningStatus);
            }

            if (!pending)
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("The load-balancer agents did not settle within 5 seconds.");
    }

    private static async Task CreateLoadBalancersAsync(ILoadBalancerService lbaas, CallerContext demo, string vipNetworkId, string memberNetworkId)
    {
        var web = await lbaas.CreateLoadBalancerAsync(demo, new LoadBalancerCreateRequest { Name = "web", VipNetworkId = vipNetworkId, MemberNetworkId = memberNetworkId });
        var api = await lbaas.CreateLoadBalancerAsync(demo, new LoadBalancerCreateRequest { Name = "api", VipNetworkId = vipNetworkId, MemberNetworkId = memberNetworkId });
        var db = await lbaas.CreateLoadBalancerAsync(demo, new LoadBalancerCreateRequest
        {
            Name = "db-ha", VipNetworkId = vipNetworkId, MemberNetworkId = memberNetworkId, Topology = LoadBalancerTopologies.ActiveStandby,
        });
        await WaitUntilSettledAsync(lbaas, demo, web.Id, api.Id, db.Id);

        var listener = await lbaas.CreateListenerAsync(demo, new ListenerCreateRequest { LoadBalancerId = web.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await WaitUntilSettledAsync(lbaas, demo, web.Id);
        var pool = await lbaas.CreatePoolAsync(demo, new PoolCreateRequest { LoadBalancerId = web.Id, ListenerId = listener.Id, Protocol = "HTTP", Name = "web-pool" });
        await WaitUntilSettledAsync(lbaas, demo, web.Id);
        await lbaas.CreateMemberAsync(demo, new MemberCreateRequest { PoolId = pool.Id, Address = "10.0.0.10", ProtocolPort = 8080 });
        await WaitUntilSettledAsync(lbaas, demo, web.Id);
    }
}
