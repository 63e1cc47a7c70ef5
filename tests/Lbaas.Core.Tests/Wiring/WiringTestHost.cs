using System.Net;
using Lbaas.Wiring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Lbaas;
using Ml2.Model;
using Ml2.Plugin;

namespace Lbaas.Core.Tests.Wiring;

/// <summary>
/// The real in-memory ML2 plugin (VLAN tenant networks on physnet1:100:199, a seeded random source, the switch driver)
/// with the device wiring on top, as <c>AddLbaas()</c> composes it.
/// </summary>
public sealed class WiringTestHost : IAsyncDisposable
{
    public const string Operator = "admin";
    public const string Tenant = "demo";
    public const string DeviceHost = "lb-host-1";

    private readonly ServiceProvider _provider;

    private WiringTestHost(ServiceProvider provider, SwitchMechanismDriver driver, LogCapture logs)
    {
        _provider = provider;
        Switch = driver;
        Logs = logs;
    }

    public static CallerContext Admin { get; } = CallerContext.Admin(Operator);

    public IMl2Plugin Ml2 => _provider.GetRequiredService<IMl2Plugin>();

    internal IDeviceWiring Wiring => _provider.GetRequiredService<IDeviceWiring>();

    public SwitchMechanismDriver Switch { get; }

    public LogCapture Logs { get; }

    public static async Task<WiringTestHost> CreateAsync(Action<DeviceWiringOptions>? configure = null, int seed = 7)
    {
        var driver = new SwitchMechanismDriver();
        driver.Hosts[DeviceHost] = true;
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddMl2(o =>
        {
            o.TypeDrivers = ["vlan"];
            o.TenantNetworkTypes = ["vlan"];
            o.Vlan.NetworkVlanRanges = ["physnet1:100:199"];
        }).AddMechanismDriver(driver).UseRandomSource(new TestRandom(seed));
        services.AddLbaasWiring();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.StartMl2Async();
        return new WiringTestHost(provider, driver, logs);
    }

    public async Task<Network> CreateNetworkAsync(string name, string tenant = Tenant) =>
        await Ml2.CreateNetworkAsync(CallerContext.Tenant(tenant), new NetworkCreateRequest { Name = name });

    public async Task<Subnet> CreateSubnetAsync(string networkId, string cidr, string? poolStart = null, string? poolEnd = null, string tenant = Tenant) =>
        await Ml2.CreateSubnetAsync(CallerContext.Tenant(tenant), new SubnetCreateRequest
        {
            NetworkId = networkId,
            Cidr = cidr,
            AllocationPools = poolStart is null ? null : [new AllocationPool(poolStart, poolEnd!)],
        });

    /// <summary>Every port, as an admin sees it.</summary>
    public async Task<IReadOnlyList<Port>> PortsAsync() => await Ml2.ListPortsAsync(Admin);

    public static Device Device(string id = "dev-1", string host = DeviceHost) => new()
    {
        Id = id,
        Name = $"appliance {id}",
        Provider = "vendor",
        HostId = host,
        Capacity = new DeviceCapacity(MaxVips: 10, MaxNetworks: 10),
        Credentials = new DeviceCredentials("op-user-7f3a", "s3cr3t-Pa55"),
    };

    public static LoadBalancer LoadBalancer(string id, string vipNetworkId, string? vipSubnetId, string? memberNetworkId, string tenant = Tenant) => new()
    {
        Id = id,
        TenantId = tenant,
        Name = $"web {id}",
        VipNetworkId = vipNetworkId,
        VipSubnetId = vipSubnetId,
        MemberNetworkId = memberNetworkId,
        Provider = "vendor",
    };

    public static bool InRange(string address, string start, string end)
    {
        static uint ToUInt(string ip)
        {
            var bytes = IPAddress.Parse(ip).GetAddressBytes();
            return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        }

        var value = ToUInt(address);
        return value >= ToUInt(start) && value <= ToUInt(end);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
