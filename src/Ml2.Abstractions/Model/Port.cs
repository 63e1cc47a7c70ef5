using System.Text.Json;

namespace Ml2.Model;

/// <summary>A port: an attachment point on a network (Neutron's <c>port</c> resource).</summary>
public sealed record Port
{
    /// <summary>The port id.</summary>
    public required string Id { get; init; }

    /// <summary>The owning project (tenant).</summary>
    public required string TenantId { get; init; }

    /// <summary>The network the port is on.</summary>
    public required string NetworkId { get; init; }

    /// <summary>The name (at most 255 characters).</summary>
    public string Name { get; init; } = "";

    /// <summary>The MAC address, lower case, colon separated.</summary>
    public required string MacAddress { get; init; }

    /// <summary>The fixed IPs.</summary>
    public IReadOnlyList<FixedIp> FixedIps { get; init; } = [];

    /// <summary>The device using the port (e.g. the VM id).</summary>
    public string DeviceId { get; init; } = "";

    /// <summary>The kind of device using the port, see <see cref="DeviceOwners"/>.</summary>
    public string DeviceOwner { get; init; } = "";

    /// <summary>The administrative state.</summary>
    public bool AdminStateUp { get; init; } = true;

    /// <summary>The status, one of <see cref="ResourceStatus"/>; DOWN until bound.</summary>
    public string Status { get; init; } = ResourceStatus.Down;

    /// <summary>The revision number, incremented on every change.</summary>
    public long RevisionNumber { get; init; }

    /// <summary>The binding attributes.</summary>
    public PortBinding Binding { get; init; } = PortBinding.Unbound;

    /// <summary>
    /// The inactive bindings (Neutron's <c>binding-extended</c>): bindings prepared on other hosts, each with its own
    /// vnic type, profile, vif type and details and binding levels, at most one per host and never on the host of
    /// <see cref="Binding"/>. One becomes <see cref="Binding"/> when activated; the active one then joins this list,
    /// unbound. Hidden from non-admins.
    /// </summary>
    public IReadOnlyList<PortBinding> InactiveBindings { get; init; } = [];

    /// <summary>Vendor extension attributes (owned by extension drivers).</summary>
    public IReadOnlyDictionary<string, JsonElement> ExtensionAttributes { get; init; } = Model.ExtensionAttributes.Empty;

    /// <summary>When the port was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the port was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
