using Lbaas.Storage;
using Lbaas.Devices;
using Lbaas.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ml2;
using Lbaas;

namespace Lbaas.Core.Tests.Placement.Support;

/// <summary>
/// The placement services composed with <c>AddLbaasPlacement</c>: a seeded random source, a capturing logger at Trace,
/// options, and optionally a provider catalog, provisioners and host policies.
/// </summary>
internal sealed class PlacementHost : IDisposable
{
    private readonly ServiceProvider _provider;

    private PlacementHost(ServiceProvider provider, LogCapture logs)
    {
        _provider = provider;
        Logs = logs;
    }

    public IServiceProvider Services => _provider;

    public LogCapture Logs { get; }

    public IDeviceRegistry Registry => _provider.GetRequiredService<IDeviceRegistry>();

    public IDeviceScheduler Scheduler => _provider.GetRequiredService<IDeviceScheduler>();

    public DeviceInventory Inventory => _provider.GetRequiredService<DeviceInventory>();

    public static PlacementHost Create(
        Action<PlacementOptions>? configure = null,
        IProviderCatalog? catalog = null,
        Action<IServiceCollection>? services = null,
        int seed = 42,
        LogLevel minimumLevel = LogLevel.Trace)
    {
        var logs = new LogCapture();
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(minimumLevel));
        collection.AddSingleton<IRandomSource>(new TestRandom(seed));
        if (catalog is not null)
        {
            collection.AddSingleton(catalog);
        }

        collection.AddLbaasPlacement();
        if (configure is not null)
        {
            collection.Configure(configure);
        }

        services?.Invoke(collection);
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new PlacementHost(provider, logs);
    }

    public async Task<PlacementHost> WithDevicesAsync(params Device[] devices)
    {
        foreach (var device in devices)
        {
            await Registry.OnboardAsync(device);
        }

        return this;
    }

    /// <summary>
    /// Puts claims on a device directly (no placement), as if load balancers were already there: in the state store,
    /// then in the cache at the store's revision.
    /// </summary>
    public void Load(string deviceId, params LoadBalancerClaim[] claims)
    {
        var store = _provider.GetRequiredService<Lbaas.Storage.IDeviceStore>();
        foreach (var claim in claims)
        {
            var result = store.TryClaimAsync(deviceId, claim, null).AsTask().GetAwaiter().GetResult();
            result.Status.Should().Be(Lbaas.Storage.ClaimStatus.Claimed);
            Inventory.TryClaim(deviceId, result.DeviceRevision - 1, claim, out _).Should().Be(ClaimStatus.Claimed);
        }
    }

    /// <summary>Fills a device with <paramref name="count"/> load balancers of a filler project on the VIP network "net-fill".</summary>
    public void Fill(string deviceId, int count, string tenantId = "tenant-fill", string vipNetworkId = "net-fill")
    {
        for (var i = 0; i < count; i++)
        {
            Load(deviceId, TestDevices.Claim($"fill-{deviceId}-{i}", tenantId, vipNetworkId, null));
        }
    }

    /// <summary>Places a load balancer; <paramref name="slot"/> 1 is the standby of an ACTIVE_STANDBY pair.</summary>
    public async Task<PlacementResult> PlaceAsync(PlacementRequest request, int slot = 0) =>
        await Scheduler.ScheduleAsync(request, TestDevices.ClaimFor(request) with { Slot = slot });

    public void Dispose() => _provider.Dispose();
}
