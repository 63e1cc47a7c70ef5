using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2.Drivers;
using Ml2.Model;

namespace Ml2.TypeDrivers;

/// <summary>The built-in type drivers (local, flat, vlan, gre, vxlan, geneve).</summary>
internal static class BuiltInTypeDrivers
{
    /// <summary>Driver class per network type (the ones <see cref="AddTo"/> registers).</summary>
    public static IReadOnlyDictionary<string, Type> ByNetworkType { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [NetworkTypes.Local] = typeof(LocalTypeDriver),
        [NetworkTypes.Flat] = typeof(FlatTypeDriver),
        [NetworkTypes.Vlan] = typeof(VlanTypeDriver),
        [NetworkTypes.Gre] = typeof(GreTypeDriver),
        [NetworkTypes.Vxlan] = typeof(VxlanTypeDriver),
        [NetworkTypes.Geneve] = typeof(GeneveTypeDriver),
    }.AsReadOnly();

    /// <summary>
    /// Registers every built-in type driver as an <see cref="ITypeDriver"/> (skipping one already registered). Each has a
    /// constructor taking <c>IOptions&lt;Ml2Options&gt;</c>; one generic registration per type, so the trimmer keeps it.
    /// </summary>
    public static void AddTo(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITypeDriver, LocalTypeDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITypeDriver, FlatTypeDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITypeDriver, VlanTypeDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITypeDriver, GreTypeDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITypeDriver, VxlanTypeDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITypeDriver, GeneveTypeDriver>());
    }
}
