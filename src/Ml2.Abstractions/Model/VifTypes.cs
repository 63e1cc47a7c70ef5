namespace Ml2.Model;

/// <summary>Values of a port's <c>binding:vif_type</c>.</summary>
public static class VifTypes
{
    /// <summary>The port is not bound (no host, or the binding inputs changed).</summary>
    public const string Unbound = "unbound";

    /// <summary>Binding was attempted and no mechanism driver bound the port.</summary>
    public const string BindingFailed = "binding_failed";

    /// <summary>Open vSwitch.</summary>
    public const string Ovs = "ovs";

    /// <summary>Linux bridge.</summary>
    public const string Bridge = "bridge";

    /// <summary>vhost-user.</summary>
    public const string VhostUser = "vhostuser";

    /// <summary>Hardware (SR-IOV) VEB.</summary>
    public const string HwVeb = "hw_veb";

    /// <summary>Any other attachment the host understands out of band.</summary>
    public const string Other = "other";

    /// <summary>True when <paramref name="vifType"/> means "not bound": <see cref="Unbound"/> or <see cref="BindingFailed"/>.</summary>
    /// <param name="vifType">A vif type.</param>
    /// <returns>Whether binding should (still) be attempted for a port with this vif type.</returns>
    public static bool IsUnbound(string? vifType) => vifType is null or Unbound or BindingFailed;
}
