using Ml2.Model;

namespace Ml2.Plugin;

/// <summary>
/// Neutron's default policy for reads: admins see everything; others see their project's resources and shared
/// networks (and their subnets). Provider attributes and binding details are hidden from non-admins.
/// </summary>
internal static class Visibility
{
    public static bool CanSee(CallerContext caller, Network network) =>
        caller.IsAdmin || network.TenantId == caller.TenantId || network.Shared;

    public static bool Owns(CallerContext caller, Network network) => caller.IsAdmin || network.TenantId == caller.TenantId;

    public static bool CanSee(CallerContext caller, Subnet subnet, Network? network) =>
        caller.IsAdmin || subnet.TenantId == caller.TenantId || (network is not null && network.Shared);

    public static bool CanSee(CallerContext caller, Port port, Network? network) =>
        caller.IsAdmin || port.TenantId == caller.TenantId || (network is not null && network.TenantId == caller.TenantId);

    /// <summary>The network as the caller may see it (no segments for non-admins).</summary>
    public static Network View(CallerContext caller, Network network) =>
        caller.IsAdmin || network.Segments.Count == 0 ? network : network with { Segments = [] };

    /// <summary>The port as the caller may see it (only the vnic type of the binding, and no inactive bindings, for non-admins).</summary>
    public static Port View(CallerContext caller, Port port) =>
        caller.IsAdmin ? port : port with { Binding = new PortBinding { VnicType = port.Binding.VnicType }, InactiveBindings = [] };
}
