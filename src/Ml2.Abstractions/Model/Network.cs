using System.Text.Json;

namespace Ml2.Model;

/// <summary>An L2 network (Neutron's <c>network</c> resource).</summary>
public sealed record Network
{
    /// <summary>The network id.</summary>
    public required string Id { get; init; }

    /// <summary>The owning project (tenant).</summary>
    public required string TenantId { get; init; }

    /// <summary>The name (at most 255 characters).</summary>
    public string Name { get; init; } = "";

    /// <summary>The administrative state.</summary>
    public bool AdminStateUp { get; init; } = true;

    /// <summary>Whether every project may use the network (<c>shared</c>).</summary>
    public bool Shared { get; init; }

    /// <summary>Whether the network is external (<c>router:external</c>).</summary>
    public bool External { get; init; }

    /// <summary>The network MTU.</summary>
    public int Mtu { get; init; }

    /// <summary>
    /// Whether VLAN-tagged frames of the instances pass the network unchanged (<c>vlan_transparent</c>, Neutron's
    /// vlan-transparent extension). Set at create only; false when not requested.
    /// </summary>
    public bool VlanTransparent { get; init; }

    /// <summary>The status, one of <see cref="ResourceStatus"/>.</summary>
    public string Status { get; init; } = ResourceStatus.Active;

    /// <summary>The revision number, incremented on every change.</summary>
    public long RevisionNumber { get; init; }

    /// <summary>The segments, static ones first; dynamic segments (hierarchical binding) have <see cref="NetworkSegment.IsDynamic"/> set.</summary>
    public IReadOnlyList<NetworkSegment> Segments { get; init; } = [];

    /// <summary>Vendor extension attributes (owned by extension drivers).</summary>
    public IReadOnlyDictionary<string, JsonElement> ExtensionAttributes { get; init; } = Model.ExtensionAttributes.Empty;

    /// <summary>When the network was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the network was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
