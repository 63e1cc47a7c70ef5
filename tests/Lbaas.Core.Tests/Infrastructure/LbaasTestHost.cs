using Lbaas.Agents;
using Lbaas.Configuration;
using Lbaas.Devices;
using Lbaas.Service;
using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Lbaas;
using Ml2.Model;
using Ml2.Plugin;

namespace Lbaas.Core.Tests.Infrastructure;

/// <summary>
/// LBaaS composed as a host would: <c>AddMl2()</c> (in-memory, VXLAN tenant networks, seeded random) and
/// <c>AddLbaas()</c> with the real registry, scheduler, wiring, agents and store; a recording driver behind provider
/// <c>acme</c> (the default); a manual clock; every log line captured. Two tenant networks with subnets are ready.
/// </summary>
public sealed class LbaasTestHost : IAsyncDisposable
{
    public const string Tenant = "demo";
    public const string OtherTenant = "other";
    public const string Provider = "acme";
    public const string Password = "s3cr3t-P@ssw0rd-42";
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(10);

    private readonly ServiceProvider _provider;

    private LbaasTestHost(ServiceProvider provider, ManualTimeProvider time, LogCapture logs, RecordingLoadBalancerDriver driver)
    {
        _provider = provider;
        Time = time;
        Logs = logs;
        Driver = driver;
    }

    public static CallerContext Caller { get; } = CallerContext.Tenant(Tenant);

    public static CallerContext Admin { get; } = CallerContext.Admin("admin");

    public IServiceProvider Services => _provider;

    public ManualTimeProvider Time { get; }

    public LogCapture Logs { get; }

    public RecordingLoadBalancerDriver Driver { get; }

    public ILoadBalancerService Service => _provider.GetRequiredService<ILoadBalancerService>();

    public IMl2Plugin Ml2 => _provider.GetRequiredService<IMl2Plugin>();

    public IDeviceRegistry Registry => _provider.GetRequiredService<IDeviceRegistry>();

    internal AgentDispatcher Dispatcher => _provider.GetRequiredService<AgentDispatcher>();

    internal OperationLedger Ledger => _provider.GetRequiredService<OperationLedger>();

    internal AgentMonitor Monitor => _provider.GetRequiredService<AgentMonitor>();

    internal InProcessAgentTransport Transport => _provider.GetRequiredService<InProcessAgentTransport>();

    internal PendingReaper Reaper => _provider.GetRequiredService<PendingReaper>();

    public ILbaasObjectStore Objects => _provider.GetRequiredService<ILbaasObjectStore>();

    /// <summary>The LBaaS device store (devices and claims).</summary>
    public IDeviceStore Devices => _provider.GetRequiredService<IDeviceStore>();

    /// <summary>The LBaaS agent store.</summary>
    public IAgentStore Agents => _provider.GetRequiredService<IAgentStore>();

    /// <summary>The LBaaS lease store.</summary>
    public ILeaseStore Leases => _provider.GetRequiredService<ILeaseStore>();

    public Network VipNetwork { get; private set; } = null!;

    public Subnet VipSubnet { get; private set; } = null!;

    public Network MemberNetwork { get; private set; } = null!;

    public static async Task<LbaasTestHost> CreateAsync(
        Action<LbaasOptions>? configure = null,
        Action<ILbaasBuilder>? build = null,
        RecordingLoadBalancerDriver? driver = null,
        int seed = 11,
        LbaasTestHost? shareStoresWith = null,
        Ml2.Drivers.IMechanismDriver? mechanismDriver = null)
    {
        driver ??= new RecordingLoadBalancerDriver();
        var time = new ManualTimeProvider();
        var logs = new LogCapture();
        var services = new ServiceCollection();
        if (shareStoresWith is not null)
        {
            // Another controller instance over the same state: the ML2 store (networks, ports) and the LBaaS state
            // store are the other host's instances; registered as instances, this container never disposes them.
            services.AddSingleton(shareStoresWith.Services.GetRequiredService<Ml2.Storage.IMl2Store>());
        }

        services.AddSingleton<TimeProvider>(time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var ml2 = services.AddMl2(o =>
        {
            o.TypeDrivers = ["local", "vxlan"];
            o.TenantNetworkTypes = ["vxlan"];
            o.Vxlan.VniRanges = ["1000:1999"];
            o.OperationRetryDelay = TimeSpan.Zero;   // lost races re-run at once on the manual clock
            if (mechanismDriver is not null)
            {
                o.MechanismDrivers = [mechanismDriver.Name];
            }
        }).UseRandomSource(new TestRandom(seed));
        if (mechanismDriver is not null)
        {
            ml2.AddMechanismDriver(mechanismDriver);
        }
        var lbaas = services.AddLbaas(o =>
        {
            o.Providers = [$"LOADBALANCERV2:{Provider}:{driver.Name}:default"];
            o.AgentCount = 2;
            o.AgentHeartbeatInterval = HeartbeatInterval;
            o.AgentDeadAfter = DeadAfter;
            o.PendingTimeout = PendingTimeout;
            configure?.Invoke(o);
        }).AddLoadBalancerDriver(driver);
        if (shareStoresWith is not null)
        {
            lbaas.UseStateStore(shareStoresWith.Objects, shareStoresWith.Devices, shareStoresWith.Agents, shareStoresWith.Leases);
        }

        build?.Invoke(lbaas);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var host = new LbaasTestHost(provider, time, logs, driver);
        await provider.StartLbaasAsync();
        if (shareStoresWith is null)
        {
            await host.CreateNetworksAsync();
        }
        else
        {
            host.VipNetwork = shareStoresWith.VipNetwork;
            host.VipSubnet = shareStoresWith.VipSubnet;
            host.MemberNetwork = shareStoresWith.MemberNetwork;
        }

        return host;
    }

    /// <summary>A device of provider <c>acme</c> with credentials.</summary>
    public static Device NewDevice(string id, string? clusterId = null, int maxVips = 10, string provider = Provider) => new()
    {
        Id = id,
        Name = id,
        Provider = provider,
        HostId = $"host-{id}",
        ManagementAddress = $"192.0.2.{Math.Abs(id.GetHashCode(StringComparison.Ordinal)) % 250 + 1}",
        Credentials = new DeviceCredentials("admin", Password),
        Capacity = new DeviceCapacity(maxVips, 16),
        ClusterId = clusterId,
    };

    public async Task<Device> OnboardAsync(string id, string? clusterId = null, int maxVips = 10) =>
        await Registry.OnboardAsync(NewDevice(id, clusterId, maxVips));

    public LoadBalancerCreateRequest NewRequest(string? topology = null, string? flavorId = null, string? provider = null) => new()
    {
        Name = "web",
        VipNetworkId = VipNetwork.Id,
        VipSubnetId = VipSubnet.Id,
        MemberNetworkId = MemberNetwork.Id,
        Topology = topology,
        FlavorId = flavorId,
        Provider = provider,
    };

    /// <summary>Creates a load balancer and waits until the agents have reported.</summary>
    public async Task<LoadBalancer> CreateActiveLoadBalancerAsync(CallerContext? caller = null, string? topology = null)
    {
        var lb = await Service.CreateLoadBalancerAsync(caller ?? Caller, NewRequest(topology));
        await WhenIdleAsync();
        return await Service.GetLoadBalancerAsync(Admin, lb.Id);
    }

    /// <summary>
    /// Waits until every job has completed and every agent has run and reported what it was sent, late reports of
    /// abandoned operations included (with a safety timeout; nothing sleeps).
    /// </summary>
    public async Task WhenIdleAsync()
    {
        var timeout = TimeSpan.FromSeconds(30);
        await Ledger.WhenIdleAsync().WaitAsync(timeout);
        await Task.WhenAll(Transport.Agents.Select(a => a.WhenIdleAsync())).WaitAsync(timeout);
        await Ledger.WhenIdleAsync().WaitAsync(timeout);
    }

    internal LbaasAgent Agent(string id) => Transport.Find(id) ?? throw new InvalidOperationException($"No agent {id}.");

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private async Task CreateNetworksAsync()
    {
        VipNetwork = await Ml2.CreateNetworkAsync(Caller, new NetworkCreateRequest { Name = "vip" });
        VipSubnet = await Ml2.CreateSubnetAsync(Caller, new SubnetCreateRequest { NetworkId = VipNetwork.Id, Cidr = "10.0.0.0/24" });
        MemberNetwork = await Ml2.CreateNetworkAsync(Caller, new NetworkCreateRequest { Name = "members" });
        await Ml2.CreateSubnetAsync(Caller, new SubnetCreateRequest { NetworkId = MemberNetwork.Id, Cidr = "10.1.0.0/24" });
    }
}
