using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2.Drivers;

namespace Ml2.TypeDrivers;

/// <summary>The built-in type drivers (local, flat, vlan, gre, vxlan, geneve).</summary>
internal static class BuiltInTypeDrivers
{
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
