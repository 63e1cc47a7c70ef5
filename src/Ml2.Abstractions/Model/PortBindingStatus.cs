namespace Ml2.Model;

/// <summary>
/// The status of one of a port's bindings (Neutron's <c>binding-extended</c> extension): a port has one
/// <see cref="Active"/> binding (<see cref="Port.Binding"/>) and any number of <see cref="Inactive"/> ones
/// (<see cref="Port.InactiveBindings"/>), at most one per host.
/// </summary>
public static class PortBindingStatus
{
    /// <summary>The binding the port uses (its <c>binding:host_id</c>).</summary>
    public const string Active = "ACTIVE";

    /// <summary>A binding prepared on another host (e.g. the target of a live migration), bound but not in use.</summary>
    public const string Inactive = "INACTIVE";
}
