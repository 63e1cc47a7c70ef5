using Microsoft.Extensions.DependencyInjection;
using Ml2.Benchmarks.Plugin;
using Ml2.Plugin;

namespace Ml2.Benchmarks.Storage;

/// <summary>
/// The plugin on a durable store (the caller picks it: SQLite file or PostgreSQL) with the same four no-op drivers as
/// <see cref="PluginBenchmarkHost"/>, VXLAN tenant networks (VNI 1..16,777,215) and VLAN (physnet1:1:4094).
/// </summary>
internal sealed class StorageBenchmarkHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private StorageBenchmarkHost(ServiceProvider provider)
    {
        _provider = provider;
        Plugin = provider.GetRequiredService<IMl2Plugin>();
    }

    public IMl2Plugin Plugin { get; }

    public static CallerContext Admin => PluginBenchmarkHost.Admin;

    public static StorageBenchmarkHost Create(Action<IMl2Builder> useStore)
    {
        var services = new ServiceCollection();
        var builder = services.AddMl2(o =>
            {
                o.TenantNetworkTypes = ["vxlan", "vlan"];
                o.Vxlan.VniRanges = ["1:16777215"];
                o.Vlan.NetworkVlanRanges = ["physnet1:1:4094"];
            })
            .AddMechanismDriver(new NoOpMechanismDriver("noop1"))
            .AddMechanismDriver(new NoOpMechanismDriver("noop2"))
            .AddMechanismDriver(new NoOpMechanismDriver("noop3"))
            .AddMechanismDriver(new NoOpMechanismDriver("noop4", binds: true));
        useStore(builder);
        return new StorageBenchmarkHost(services.BuildServiceProvider());
    }

    /// <summary>Creates a VXLAN tenant network with one IPv4 subnet of <paramref name="cidr"/>; returns the network id.</summary>
    public async Task<string> CreateNetworkWithSubnetAsync(string name, string cidr)
    {
        var network = await Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = name });
        await Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = cidr });
        return network.Id;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
