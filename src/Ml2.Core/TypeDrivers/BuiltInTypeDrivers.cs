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

    /// <summary>Creates the built-in driver of a network type without reflection.</summary>
    /// <param name="networkType">The network type.</param>
    /// <param name="options">The ML2 options.</param>
    /// <returns>The driver.</returns>
    /// <exception cref="ArgumentException">No built-in driver owns the type.</exception>
    public static ITypeDriver Create(string networkType, IOptions<Ml2Options> options) => networkType switch
    {
        NetworkTypes.Local => new LocalTypeDriver(options),
        NetworkTypes.Flat => new FlatTypeDriver(options),
        NetworkTypes.Vlan => new VlanTypeDriver(options),
        NetworkTypes.Gre => new GreTypeDriver(options),
        NetworkTypes.Vxlan => new VxlanTypeDriver(options),
        NetworkTypes.Geneve => new GeneveTypeDriver(options),
        _ => throw new ArgumentException($"No built-in type driver for network type '{networkType}'.", nameof(networkType)),
    };
}
