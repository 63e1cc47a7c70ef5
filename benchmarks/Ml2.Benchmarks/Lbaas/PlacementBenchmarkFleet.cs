using Lbaas.Devices;
using Lbaas.Placement;
using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Lbaas;

namespace Ml2.Benchmarks.Lbaas;

/// <summary>
/// A fleet for placement benchmarks, composed with <c>AddLbaasPlacement</c> and the SDK's shared random source: 90% of
/// the devices belong to the benchmarked provider (5% of those private to a project), 10% to another; each device
/// carries 50 VIPs and 100 networks and is preloaded to about 20% with load balancers of random projects and networks.
/// Project and network pools grow with the fleet, so each project or network touches a similar number of devices at
/// every size.
/// </summary>
internal sealed class PlacementBenchmarkFleet : IDisposable
{
    public const string Provider = "acme";
    public const int MaxVips = 50;

    private readonly ServiceProvider _provider;

    private PlacementBenchmarkFleet(ServiceProvider provider, int deviceCount, int requestCount)
    {
        _provider = provider;
        Scheduler = provider.GetRequiredService<IDeviceScheduler>();
        Registry = provider.GetRequiredService<IDeviceRegistry>();
        Tenants = Math.Max(100, deviceCount);
        Networks = Math.Max(200, 2 * deviceCount);
        var random = new Random(7);
        for (var i = 0; i < deviceCount; i++)
        {
            var device = new Device
            {
                Id = $"dev-{i:D6}",
                Provider = i % 10 == 9 ? "other" : Provider,
                HostId = $"host-{i}",
                Capacity = new DeviceCapacity(MaxVips, 2 * MaxVips),
                TenantId = i % 20 == 3 ? Tenant(random) : null,
                Kind = i % 2 == 0 ? DeviceKind.Physical : DeviceKind.Virtual,
            };
            Registry.OnboardAsync(device).AsTask().GetAwaiter().GetResult();
            var load = random.Next(2 * MaxVips / 5);
            for (var j = 0; j < load; j++)
            {
                var claim = new LoadBalancerClaim($"pre-{i}-{j}", device.TenantId ?? Tenant(random), VipNetwork(random), MemberNetwork(random), null);
                provider.GetRequiredService<IDeviceStore>().TryClaimAsync(device.Id, claim, null).AsTask().GetAwaiter().GetResult();
            }

            // The preload went to the state store only; the cache takes it from there, as at start.
            var state = provider.GetRequiredService<IDeviceStore>().FindDeviceStateAsync(device.Id).AsTask().GetAwaiter().GetResult()!;
            provider.GetRequiredService<DeviceInventory>().Replace(state);
        }

        Requests = new (PlacementRequest, LoadBalancerClaim)[requestCount];
        for (var i = 0; i < requestCount; i++)
        {
            var request = new PlacementRequest
            {
                LoadBalancerId = $"lb-{i}",
                TenantId = Tenant(random),
                Provider = Provider,
                VipNetworkId = VipNetwork(random),
                MemberNetworkId = MemberNetwork(random),
            };
            Requests[i] = (request, new LoadBalancerClaim(request.LoadBalancerId, request.TenantId, request.VipNetworkId, request.MemberNetworkId, null));
        }
    }

    public IDeviceScheduler Scheduler { get; }

    public IDeviceRegistry Registry { get; }

    public (PlacementRequest Request, LoadBalancerClaim Claim)[] Requests { get; }

    private int Tenants { get; }

    private int Networks { get; }

    public static PlacementBenchmarkFleet Create(int deviceCount, int requestCount = 4096, Action<PlacementOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IRandomSource>(SharedRandomSource.Instance);
        services.AddLbaasPlacement();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new PlacementBenchmarkFleet(services.BuildServiceProvider(), deviceCount, requestCount);
    }

    /// <summary>Places one request and returns the chosen device (the claim is held until released).</summary>
    public string Place(int index)
    {
        var (request, claim) = Requests[index];
        var pending = Scheduler.ScheduleAsync(request, claim);
        var result = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        return result.DeviceId ?? throw new InvalidOperationException(result.Summary);
    }

    /// <summary>Checks that no device holds more than its capacity and that every load count equals its claims.</summary>
    /// <returns>The number of violations (0 expected).</returns>
    public int Overcommits()
    {
        var violations = 0;
        foreach (var device in Registry.List())
        {
            var snapshot = Registry.FindSnapshot(device.Id)!;
            var claims = Registry.ClaimsOf(device.Id);
            if (snapshot.LoadBalancerCount > device.Capacity.MaxVips
                || snapshot.WiredNetworkIds.Count > device.Capacity.MaxNetworks
                || snapshot.LoadBalancerCount != claims.Count)
            {
                violations++;
            }
        }

        return violations;
    }

    public void Dispose() => _provider.Dispose();

    private string Tenant(Random random) => $"tenant-{random.Next(Tenants)}";

    private string VipNetwork(Random random) => $"vip-net-{random.Next(Networks)}";

    private string MemberNetwork(Random random) => $"pool-net-{random.Next(Networks)}";
}
