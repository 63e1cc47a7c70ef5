namespace Ml2.Model;

/// <summary>Operational status values of networks, subnets and ports (Neutron's <c>status</c> attribute).</summary>
public static class ResourceStatus
{
    /// <summary>The resource is operational.</summary>
    public const string Active = "ACTIVE";

    /// <summary>The resource is not operational (for a port: not bound, or binding failed).</summary>
    public const string Down = "DOWN";

    /// <summary>The resource is being built.</summary>
    public const string Build = "BUILD";

    /// <summary>The resource is in error.</summary>
    public const string Error = "ERROR";
}
