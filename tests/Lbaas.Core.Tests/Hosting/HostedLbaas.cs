using Lbaas.Agents;
using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Devices;
using Lbaas.Service;
using Lbaas.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Lbaas;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Lbaas.Core.Tests.Hosting;

/// <summary>
/// LBaaS as a generic host runs it: <c>Host.CreateApplicationBuilder()</c> + <c>AddMl2(configuration)</c> +
/// <c>AddLbaas(configuration)</c>, configured from a dictionary (keys as in appsettings.json), with a recording driver
/// behind provider <c>acme</c>, a manual clock and captured logs. A restart is a new host over the stores of an earlier
/// one (<see cref="Create"/> with <c>restartOf</c>), its clock going on from the earlier one's.
/// </summary>
public sealed class HostedLbaas : IAsyncDisposable
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ReaperInterval = TimeSpan.FromMinutes(1);

    private HostedLbaas(IHost host, ManualTimeProvider time, LogCapture logs, RecordingLoadBalancerDriver driver)
    {
        Host = host;
        Time = time;
        Logs = logs;
        Driver = driver;
    }

    public IHost Host { get; }

    public ManualTimeProvider Time { get; }

    public LogCapture Logs { get; }

    public RecordingLoadBalancerDriver Driver { get; }

    public IServiceProvider Services => Host.Services;

    public ILoadBalancerService Service => Services.GetRequiredService<ILoadBalancerService>();

    public IDeviceRegistry Registry => Services.GetRequiredService<IDeviceRegistry>();

    public ILbaasObjectStore Objects => Services.GetRequiredService<ILbaasObjectStore>();

    /// <summary>The LBaaS device store (devices and claims).</summary>
    public IDeviceStore Devices => Services.GetRequiredService<IDeviceStore>();

    /// <summary>The LBaaS agent store.</summary>
    public IAgentStore Agents => Services.GetRequiredService<IAgentStore>();

    /// <summary>The LBaaS lease store.</summary>
    public ILeaseStore Leases => Services.GetRequiredService<ILeaseStore>();

    public IMl2Plugin Ml2 => Services.GetRequiredService<IMl2Plugin>();

    internal AgentDispatcher Dispatcher => Services.GetRequiredService<AgentDispatcher>();

    internal OperationLedger Ledger => Services.GetRequiredService<OperationLedger>();

    /// <summary>The base configuration: ML2 with VXLAN tenant networks, provider <c>acme</c>, two agents, short timers.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ml2:type_drivers"] = "local,vxlan",
            ["ml2:tenant_network_types"] = "vxlan",
            ["ml2:ml2_type_vxlan:vni_ranges"] = "1000:1999",
            ["lbaas:providers"] = $"LOADBALANCERV2:{LbaasTestHost.Provider}:recording:default",
            ["lbaas:AgentCount"] = "2",
            ["lbaas:AgentHeartbeatInterval"] = HeartbeatInterval.ToString(),
            ["lbaas:AgentDeadAfter"] = DeadAfter.ToString(),
            ["lbaas:ReaperInterval"] = ReaperInterval.ToString(),
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The keys of configured device <paramref name="index"/> (provider <c>acme</c>, host <c>lb-host-1</c>).</summary>
    public static (string Key, string? Value)[] Device(int index, string id, int maxVips = 10, string password = LbaasTestHost.Password) =>
    [
        ($"lbaas:devices:{index}:id", id),
        ($"lbaas:devices:{index}:provider", LbaasTestHost.Provider),
        ($"lbaas:devices:{index}:host_id", "lb-host-1"),
        ($"lbaas:devices:{index}:management_address", $"https://{id}.mgmt.example"),
        ($"lbaas:devices:{index}:username", "admin"),
        ($"lbaas:devices:{index}:password", password),
        ($"lbaas:devices:{index}:max_vips", maxVips.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ($"lbaas:devices:{index}:max_networks", "16"),
    ];

    /// <summary>Builds the host (not started).</summary>
    public static HostedLbaas Create(Dictionary<string, string?> settings, HostedLbaas? restartOf = null)
    {
        var time = new ManualTimeProvider(restartOf?.Time.GetUtcNow() ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var logs = new LogCapture();
        var driver = new RecordingLoadBalancerDriver();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<TimeProvider>(time);
        if (restartOf is not null)
        {
            builder.Services.AddSingleton(restartOf.Services.GetRequiredService<IMl2Store>());
        }

        builder.Services.AddMl2(builder.Configuration.GetSection("ml2")).UseRandomSource(new TestRandom(5));
        var lbaas = builder.Services.AddLbaas(builder.Configuration.GetSection("lbaas")).AddLoadBalancerDriver(driver);
        if (restartOf is not null)
        {
            lbaas.UseStateStore(restartOf.Objects, restartOf.Devices, restartOf.Agents, restartOf.Leases);
        }

        return new HostedLbaas(builder.Build(), time, logs, driver);
    }

    /// <summary>Creates a VIP network with a subnet and a member network, and returns a load-balancer request on them.</summary>
    public async Task<LoadBalancerCreateRequest> NewRequestAsync()
    {
        var vip = await Ml2.CreateNetworkAsync(LbaasTestHost.Caller, new NetworkCreateRequest { Name = "vip" });
        var vipSubnet = await Ml2.CreateSubnetAsync(LbaasTestHost.Caller, new SubnetCreateRequest { NetworkId = vip.Id, Cidr = "10.0.0.0/24" });
        var members = await Ml2.CreateNetworkAsync(LbaasTestHost.Caller, new NetworkCreateRequest { Name = "members" });
        await Ml2.CreateSubnetAsync(LbaasTestHost.Caller, new SubnetCreateRequest { NetworkId = members.Id, Cidr = "10.1.0.0/24" });
        return new LoadBalancerCreateRequest { Name = "web", VipNetworkId = vip.Id, VipSubnetId = vipSubnet.Id, MemberNetworkId = members.Id };
    }

    /// <summary>The agents' last heartbeats, by agent id.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> HeartbeatsAsync() =>
        (await Agents.ListAgentsAsync()).ToDictionary(a => a.Id, a => a.HeartbeatAt, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}
