using Microsoft.Extensions.DependencyInjection;
using Ml2.Configuration;
using Ml2.Drivers;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Core.Tests.Infrastructure;

/// <summary>A composed ML2 plugin for tests: AddMl2 with a seeded random source, a manual clock and recording drivers.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private TestHost(ServiceProvider provider, CallLog log)
    {
        _provider = provider;
        Log = log;
    }

    public IMl2Plugin Plugin => _provider.GetRequiredService<IMl2Plugin>();

    public IMl2Store Store => _provider.GetRequiredService<IMl2Store>();

    public IServiceProvider Services => _provider;

    public CallLog Log { get; }

    public ManualTimeProvider Time => (ManualTimeProvider)_provider.GetRequiredService<TimeProvider>();

    public static CallerContext Admin { get; } = CallerContext.Admin("admin");

    /// <summary>
    /// Builds a host. Defaults: vlan ranges physnet1:100:199 and physnet2:200:209, vxlan 1000:1999, tenant types
    /// vlan then vxlan, flat on physnet1/physnet3, no delay between retries of a lost race.
    /// </summary>
    public static TestHost Create(Action<Ml2Options>? configure = null, Action<IMl2Builder, CallLog>? drivers = null, int seed = 42)
    {
        var log = new CallLog();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        var builder = services.AddMl2(o =>
        {
            o.TypeDrivers = ["local", "flat", "vlan", "vxlan", "gre", "geneve"];
            o.TenantNetworkTypes = ["vlan", "vxlan"];
            o.Vlan.NetworkVlanRanges = ["physnet1:100:199", "physnet2:200:209"];
            o.Vxlan.VniRanges = ["1000:1999"];
            o.Gre.TunnelIdRanges = ["1:100"];
            o.Geneve.VniRanges = ["1:100"];
            o.Flat.FlatNetworks = ["physnet1", "physnet3"];
            // Lost races re-run at once on the manual clock, which only tests that drive retries advance.
            o.OperationRetryDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        }).UseRandomSource(new TestRandom(seed));
        drivers?.Invoke(builder, log);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.StartMl2Async().AsTask().GetAwaiter().GetResult();
        return new TestHost(provider, log);
    }

    /// <summary>Adds recording drivers with the given names, in order, and returns them.</summary>
    public static TestHost WithRecorders(out RecordingMechanismDriver[] recorders, params string[] names) =>
        WithRecorders(null, out recorders, names);

    public static TestHost WithRecorders(Action<Ml2Options>? configure, out RecordingMechanismDriver[] recorders, params string[] names)
    {
        var created = new List<RecordingMechanismDriver>();
        var host = Create(configure, (builder, log) =>
        {
            foreach (var name in names)
            {
                var driver = new RecordingMechanismDriver(name, log);
                created.Add(driver);
                builder.AddMechanismDriver((IMechanismDriver)driver);
            }
        });
        recorders = [.. created];
        return host;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
