using Microsoft.Extensions.DependencyInjection;
using Ml2.Drivers;
using Ml2.Plugin;

namespace Ml2.Storage.Conformance;

/// <summary>One controller instance over a database of the store under test: AddMl2 with a VLAN and a VXLAN tenant pool.</summary>
public sealed class ConformanceHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ConformanceHost(ServiceProvider provider) => _provider = provider;

    /// <summary>The store.</summary>
    public IMl2Store Store => _provider.GetRequiredService<IMl2Store>();

    /// <summary>The LBaaS object store of this host (registered by the store target).</summary>
    public global::Lbaas.Storage.ILbaasObjectStore LbaasObjects => _provider.GetRequiredService<global::Lbaas.Storage.ILbaasObjectStore>();

    /// <summary>The LBaaS device store of this host (registered by the store target).</summary>
    public global::Lbaas.Storage.IDeviceStore LbaasDevices => _provider.GetRequiredService<global::Lbaas.Storage.IDeviceStore>();

    /// <summary>The LBaaS agent store of this host (registered by the store target).</summary>
    public global::Lbaas.Storage.IAgentStore LbaasAgents => _provider.GetRequiredService<global::Lbaas.Storage.IAgentStore>();

    /// <summary>The LBaaS lease store of this host (registered by the store target).</summary>
    public global::Lbaas.Storage.ILeaseStore LbaasLeases => _provider.GetRequiredService<global::Lbaas.Storage.ILeaseStore>();

    /// <summary>The plugin.</summary>
    public IMl2Plugin Plugin => _provider.GetRequiredService<IMl2Plugin>();

    /// <summary>The services.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>Starts a host over <paramref name="database"/>.</summary>
    public static Task<ConformanceHost> StartAsync(StoreTarget target, object database, int seed, params IMechanismDriver[] drivers) =>
        StartAsync(target, database, seed, null, drivers);

    /// <summary>Starts a host over <paramref name="database"/> with options changed by <paramref name="configure"/> (a restart with a new configuration).</summary>
    public static async Task<ConformanceHost> StartAsync(StoreTarget target, object database, int seed, Action<Configuration.Ml2Options>? configure, params IMechanismDriver[] drivers)
    {
        var services = new ServiceCollection();
        var builder = services.AddMl2(o =>
        {
            o.TypeDrivers = ["local", "flat", "vlan", "vxlan"];
            o.TenantNetworkTypes = ["vxlan"];
            o.Vlan.NetworkVlanRanges = ["physnet1:100:199"];
            o.Vxlan.VniRanges = ["1:16777215"];
            o.Flat.FlatNetworks = ["physnet1"];
            o.MechanismDrivers = drivers.Select(d => d.Name).ToList();
            o.MaxOperationRetries = 30;
            configure?.Invoke(o);
        }).UseRandomSource(new TestRandom(seed));
        foreach (var driver in drivers)
        {
            builder.AddMechanismDriver(driver);
        }

        target.Use(builder, database);
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.StartMl2Async().ConfigureAwait(false);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ConformanceHost(provider);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
