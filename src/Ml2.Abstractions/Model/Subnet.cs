using System.Text.Json;

namespace Ml2.Model;

/// <summary>An IP subnet on a network (Neutron's <c>subnet</c> resource).</summary>
public sealed record Subnet
{
    /// <summary>The subnet id.</summary>
    public required string Id { get; init; }

    /// <summary>The owning project (tenant).</summary>
    public required string TenantId { get; init; }

    /// <summary>The network the subnet belongs to.</summary>
    public required string NetworkId { get; init; }

    /// <summary>The name (at most 255 characters).</summary>
    public string Name { get; init; } = "";

    /// <summary>4 or 6.</summary>
    public int IpVersion { get; init; } = 4;

    /// <summary>The CIDR in canonical form, e.g. <c>10.0.0.0/24</c>.</summary>
    public required string Cidr { get; init; }

    /// <summary>The gateway address, or null for none.</summary>
    public string? GatewayIp { get; init; }

    /// <summary>The ranges from which fixed IPs are allocated.</summary>
    public IReadOnlyList<AllocationPool> AllocationPools { get; init; } = [];

    /// <summary>Whether DHCP is enabled.</summary>
    public bool EnableDhcp { get; init; } = true;

    /// <summary>The revision number, incremented on every change.</summary>
    public long RevisionNumber { get; init; }

    /// <summary>Vendor extension attributes (owned by extension drivers).</summary>
    public IReadOnlyDictionary<string, JsonElement> ExtensionAttributes { get; init; } = Model.ExtensionAttributes.Empty;

    /// <summary>When the subnet was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the subnet was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
