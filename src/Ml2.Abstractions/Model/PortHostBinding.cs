namespace Ml2.Model;

/// <summary>
/// One binding of a port on one host, as the <c>binding-extended</c> API shows it (Neutron's <c>binding</c>
/// sub-resource of a port: host, vif type and details, vnic type, profile and status).
/// </summary>
public sealed record PortHostBinding
{
    /// <summary>The port.</summary>
    public required string PortId { get; init; }

    /// <summary>The binding: host, vnic type, profile, vif type and details, and its levels.</summary>
    public required PortBinding Binding { get; init; }

    /// <summary><see cref="PortBindingStatus.Active"/> or <see cref="PortBindingStatus.Inactive"/>.</summary>
    public required string Status { get; init; }

    /// <summary>The host of the binding.</summary>
    public string Host => Binding.HostId;
}
