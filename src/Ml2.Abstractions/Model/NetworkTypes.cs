namespace Ml2.Model;

/// <summary>Names of the network (segment) types understood by the built-in type drivers.</summary>
public static class NetworkTypes
{
    /// <summary>A network local to one host, with no segmentation id.</summary>
    public const string Local = "local";

    /// <summary>An untagged network on a physical network.</summary>
    public const string Flat = "flat";

    /// <summary>An 802.1Q tagged network on a physical network (ids 1-4094).</summary>
    public const string Vlan = "vlan";

    /// <summary>A VXLAN overlay (VNIs 1-16,777,215).</summary>
    public const string Vxlan = "vxlan";

    /// <summary>A GRE overlay (keys 1-4,294,967,295).</summary>
    public const string Gre = "gre";

    /// <summary>A Geneve overlay (VNIs 1-16,777,215).</summary>
    public const string Geneve = "geneve";
}
