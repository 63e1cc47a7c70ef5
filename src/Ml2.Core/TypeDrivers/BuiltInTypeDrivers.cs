using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Drivers;
using Ml2.Model;

namespace Ml2.TypeDrivers;

/// <summary>The built-in type drivers, by the network type they own.</summary>
internal static class BuiltInTypeDrivers
{
    /// <summary>Driver class per network type; each has a constructor taking <see cref="IOptions{Ml2Options}"/>.</summary>
    public static IReadOnlyDictionary<string, Type> ByNetworkType { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [NetworkTypes.Local] = typeof(LocalTypeDriver),
        [NetworkTypes.Flat] = typeof(FlatTypeDriver),
        [NetworkTypes.Vlan] = typeof(VlanTypeDriver),
        [NetworkTypes.Gre] = typeof(GreTypeDriver),
        [NetworkTypes.Vxlan] = typeof(VxlanTypeDriver),
        [NetworkTypes.Geneve] = typeof(GeneveTypeDriver),
    }.AsReadOnly();
}
