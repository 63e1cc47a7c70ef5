using Microsoft.Extensions.DependencyInjection;
using Ml2.Plugin;

namespace Ml2.Storage.Durability.Tests;

/// <summary>A controller in the test process over the same database as the load drivers (same ML2 options).</summary>
public sealed class StoreHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private StoreHost(ServiceProvider provider) => _provider = provider;

    public IMl2Plugin Plugin => _provider.GetRequiredService<IMl2Plugin>();

    public IMl2Store Store => _provider.GetRequiredService<IMl2Store>();

    /// <summary>Starts a host over <paramref name="store"/> (<c>sqlite</c> or <c>postgresql</c>) and <paramref name="connectionString"/>.</summary>
    public static async Task<StoreHost> StartAsync(string store, string connectionString)
    {
        var services = new ServiceCollection();
        var builder = services.AddMl2(o =>
        {
            o.TypeDrivers = ["local", "flat", "vlan", "vxlan"];
            o.TenantNetworkTypes = ["vxlan"];
            o.Vlan.NetworkVlanRanges = ["physnet1:100:199"];
            o.Vxlan.VniRanges = ["1:16777215"];
            o.Flat.FlatNetworks = ["physnet1"];
        }).UseRandomSource(new TestRandom(99));
        if (store == "sqlite")
        {
            builder.UseSqliteStore(connectionString, o => o.BusyTimeout = TimeSpan.FromSeconds(60));
        }
        else
        {
            builder.UsePostgreSqlStore(connectionString);
        }

        var provider = services.BuildServiceProvider();
        try
        {
            await provider.StartMl2Async();
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return new StoreHost(provider);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
