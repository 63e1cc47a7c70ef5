using Microsoft.Extensions.DependencyInjection;
using Ml2.Drivers;
using Ml2.Plugin;

namespace Ml2.Storage.TestKit;

/// <summary>
/// One controller instance over a database of the store under test: <c>AddMl2</c> with the local, flat, VLAN and VXLAN
/// type drivers (VLAN range <c>physnet1:100:199</c>, VXLAN tenant networks) and a seeded random source.
/// </summary>
public sealed class ConformanceHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ConformanceHost(ServiceProvider provider) => _provider = provider;

    /// <summary>The store.</summary>
    public IMl2Store Store => _provider.GetRequiredService<IMl2Store>();

    /// <summary>The plugin.</summary>
    public IMl2Plugin Plugin => _provider.GetRequiredService<IMl2Plugin>();

    /// <summary>The services.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>Starts a host over <paramref name="database"/>.</summary>
    /// <typeparam name="TDatabase">What names one database of the store.</typeparam>
    /// <param name="target">The store under test.</param>
    /// <param name="database">The database.</param>
    /// <param name="seed">The seed of the host's random source (two hosts with one seed make the same random choices).</param>
    /// <param name="drivers">Mechanism drivers to register, in order.</param>
    /// <returns>The started host; dispose it to stop it.</returns>
    public static Task<ConformanceHost> StartAsync<TDatabase>(StoreTarget<TDatabase> target, TDatabase database, int seed, params IMechanismDriver[] drivers)
        where TDatabase : notnull =>
        StartAsync(target, database, seed, null, drivers);

    /// <summary>Starts a host over <paramref name="database"/> with options changed by <paramref name="configure"/> (a restart with a new configuration).</summary>
    /// <typeparam name="TDatabase">What names one database of the store.</typeparam>
    /// <param name="target">The store under test.</param>
    /// <param name="database">The database.</param>
    /// <param name="seed">The seed of the host's random source.</param>
    /// <param name="configure">Changes to the options, or null.</param>
    /// <param name="drivers">Mechanism drivers to register, in order.</param>
    /// <returns>The started host; dispose it to stop it.</returns>
    public static async Task<ConformanceHost> StartAsync<TDatabase>(StoreTarget<TDatabase> target, TDatabase database, int seed, Action<Configuration.Ml2Options>? configure, params IMechanismDriver[] drivers)
        where TDatabase : notnull
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
        }).UseRandomSource(new SeededRandomSource(seed));
        foreach (var driver in drivers)
        {
            builder.AddMechanismDriver(driver);
        }

        ArgumentNullException.ThrowIfNull(target);
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
