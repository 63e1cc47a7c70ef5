using Microsoft.Extensions.DependencyInjection;
using Ml2.Benchmarks.Plugin;
using Ml2.Plugin;

namespace Ml2.Benchmarks.Compare;

/// <summary>
/// The plugin for the Neutron comparison (benchmarks/compare/run.sh) on the in-memory store or a SQLite file store:
/// tenant types vlan (physnet1:1:4094) then vxlan, 4 no-op mechanism drivers (the last binds any port, like the
/// harness' bench_bindany driver).
/// </summary>
internal sealed class CompareHost : IAsyncDisposable
{
    public const string Memory = "memory";
    public const string Sqlite = "sqlite";

    private readonly ServiceProvider _provider;
    private readonly string? _directory;

    private CompareHost(ServiceProvider provider, string? directory)
    {
        _provider = provider;
        _directory = directory;
        Plugin = provider.GetRequiredService<IMl2Plugin>();
    }

    public IMl2Plugin Plugin { get; }

    public IServiceProvider Services => _provider;

    public static CallerContext Admin => PluginBenchmarkHost.Admin;

    public static CompareHost Create(string store, string vniRange = "1:1000", bool vxlanTenants = false)
    {
        var services = new ServiceCollection();
        var builder = services.AddMl2(o =>
            {
                o.TenantNetworkTypes = vxlanTenants ? ["vxlan"] : ["vlan", "vxlan"];
                o.Vlan.NetworkVlanRanges = ["physnet1:1:4094"];
                o.Vxlan.VniRanges = [vniRange];
            })
            .AddMechanismDriver(new NoOpMechanismDriver("noop1"))
            .AddMechanismDriver(new NoOpMechanismDriver("noop2"))
            .AddMechanismDriver(new NoOpMechanismDriver("noop3"))
            .AddMechanismDriver(new NoOpMechanismDriver("noop4", binds: true));
        string? directory = null;
        if (store == Sqlite)
        {
            directory = Directory.CreateTempSubdirectory("ml2-compare-").FullName;
            builder.UseSqliteStore($"Data Source={Path.Combine(directory, "ml2.db")}");
        }
        else if (store != Memory)
        {
            throw new ArgumentException($"Unknown store '{store}'.", nameof(store));
        }

        var provider = services.BuildServiceProvider();
        provider.StartMl2Async().AsTask().GetAwaiter().GetResult();
        return new CompareHost(provider, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
