using Microsoft.Extensions.DependencyInjection;

namespace Lbaas.Storage.TestKit;

/// <summary>
/// One controller instance's LBaaS stores over a database of the store under test: the target's registration on a
/// <see cref="StoreOnlyLbaasBuilder"/>, with the four store contracts resolved (no load-balancer service, agents or
/// devices are started).
/// </summary>
public sealed class LbaasConformanceHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private LbaasConformanceHost(ServiceProvider provider)
    {
        _provider = provider;
        Objects = provider.GetRequiredService<ILbaasObjectStore>();
        Devices = provider.GetRequiredService<IDeviceStore>();
        Agents = provider.GetRequiredService<IAgentStore>();
        Leases = provider.GetRequiredService<ILeaseStore>();
    }

    /// <summary>The load balancers, listeners, pools, members, health monitors and placement records.</summary>
    public ILbaasObjectStore Objects { get; }

    /// <summary>The devices and their capacity claims.</summary>
    public IDeviceStore Devices { get; }

    /// <summary>The agents.</summary>
    public IAgentStore Agents { get; }

    /// <summary>The leases.</summary>
    public ILeaseStore Leases { get; }

    /// <summary>The services.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>Starts a host over <paramref name="database"/>.</summary>
    /// <typeparam name="TDatabase">What names one database of the store.</typeparam>
    /// <param name="target">The store under test.</param>
    /// <param name="database">The database.</param>
    /// <returns>The started host; dispose it to stop it.</returns>
    public static async Task<LbaasConformanceHost> StartAsync<TDatabase>(LbaasStoreTarget<TDatabase> target, TDatabase database)
        where TDatabase : notnull
    {
        ArgumentNullException.ThrowIfNull(target);
        var services = new ServiceCollection();
        target.Use(new StoreOnlyLbaasBuilder(services), database);
        var provider = services.BuildServiceProvider();
        try
        {
            return new LbaasConformanceHost(provider);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
