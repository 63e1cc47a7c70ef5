using Ml2.Model;

namespace Ml2.TypeDrivers;

/// <summary>Names of the id pools (<see cref="Storage.IIdPoolRepository"/>) the built-in type drivers keep segment ids in.</summary>
internal static class SegmentPoolNames
{
    /// <summary>VXLAN VNIs.</summary>
    public const string Vxlan = NetworkTypes.Vxlan;

    /// <summary>GRE keys.</summary>
    public const string Gre = NetworkTypes.Gre;

    /// <summary>Geneve VNIs.</summary>
    public const string Geneve = NetworkTypes.Geneve;

    /// <summary>The prefix of every VLAN pool's name.</summary>
    public const string VlanPrefix = NetworkTypes.Vlan + ":";

    /// <summary>VLAN ids of one physical network: <c>vlan:{physnet}</c>.</summary>
    /// <param name="physicalNetwork">The physical network.</param>
    /// <returns>The pool name.</returns>
    public static string Vlan(string physicalNetwork) => VlanPrefix + physicalNetwork;

    /// <summary>
    /// The flat network of one physical network: <c>flat:{physnet}</c>, a pool without ranges in which id 0 is in use
    /// while a flat network exists on the physical network.
    /// </summary>
    /// <param name="physicalNetwork">The physical network.</param>
    /// <returns>The pool name.</returns>
    public static string Flat(string physicalNetwork) => $"{NetworkTypes.Flat}:{physicalNetwork}";
}
