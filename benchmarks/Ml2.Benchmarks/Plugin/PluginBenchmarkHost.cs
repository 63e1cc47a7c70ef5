using Microsoft.Extensions.DependencyInjection;
using Ml2.Plugin;

namespace Ml2.Benchmarks.Plugin;

/// <summary>The plugin on the in-memory store with four no-op drivers (the last binds), a VLAN tenant network and a /8 IPv4 subnet.</summary>
internal sealed class PluginBenchmarkHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private PluginBenchmarkHost(ServiceProvider provider, IMl2Plugin plugin, string networkId)
    {
        _provider = provider;
        Plugin = plugin;
        NetworkId = networkId;
    }

    public IMl2Plugin Plugin { get; }

    public string NetworkId { get; }

    public static CallerContext Admin { get; } = CallerContext.Admin("bench");

    public IServiceProvider Services => _provider;

    public static async Task<PluginBenchmarkHost> CreateAsync()
    {
        var services = new ServiceCollection();
        services.AddMl2(o =>
            {
                o.TenantNetworkTypes = ["vlan"];
                o.Vlan.NetworkVlanRanges = ["physnet1:1:4094"];
            })
            .AddMechanismDriver(new NoOpMechanismDriver("noop1"))
            .AddMechanismDriver(new NoOpMechanismDriver("noop2"))
            .AddMechanismDriver(new NoOpMechanismDriver("noop3"))
            .AddMechanismDriver(new NoOpMechanismDriver("noop4", binds: true));
        var provider = services.BuildServiceProvider();
        var plugin = provider.GetRequiredService<IMl2Plugin>();
        var network = await plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "bench" });
        await plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/8" });
        return new PluginBenchmarkHost(provider, plugin, network.Id);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
