using System.Text.Json;
using Ml2.Model;

namespace Ml2.Storage.Conformance;

/// <summary>Rows with every kind of field filled, to check that a store keeps them exactly.</summary>
public static class ConformanceData
{
    private static readonly DateTimeOffset s_created = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    /// <summary>A network with one VLAN segment.</summary>
    public static Network Network(string id, long revision = 1, string? name = null) => new()
    {
        Id = id,
        TenantId = "tenant-a",
        Name = name ?? "net-" + id,
        Mtu = 1500,
        VlanTransparent = true,
        RevisionNumber = revision,
        Segments = [new NetworkSegment { Id = id + "-seg", NetworkId = id, NetworkType = NetworkTypes.Vlan, PhysicalNetwork = "physnet1", SegmentationId = 101, Mtu = 1500 }],
        ExtensionAttributes = new Dictionary<string, JsonElement> { ["vendor:zone"] = JsonSerializer.SerializeToElement(new { rack = 7, tags = new[] { "a", "b" } }) },
        CreatedAt = s_created,
        UpdatedAt = s_created,
    };

    /// <summary>A subnet of <paramref name="networkId"/>.</summary>
    public static Subnet Subnet(string id, string networkId) => new()
    {
        Id = id,
        TenantId = "tenant-a",
        NetworkId = networkId,
        Cidr = "10.0.0.0/24",
        GatewayIp = "10.0.0.1",
        AllocationPools = [new AllocationPool("10.0.0.2", "10.0.0.254")],
        RevisionNumber = 1,
        CreatedAt = s_created,
        UpdatedAt = s_created,
    };

    /// <summary>A bound port of <paramref name="networkId"/>, with a MAC of its own (derived from the id).</summary>
    public static Port Port(string id, string networkId, string? macAddress = null) => new()
    {
        Id = id,
        TenantId = "tenant-a",
        NetworkId = networkId,
        MacAddress = macAddress ?? MacOf(id),
        FixedIps = [new FixedIp("sub-1", "10.0.0.5")],
        RevisionNumber = 1,
        Binding = PortBinding.Unbound with
        {
            HostId = "compute-1",
            VifType = VifTypes.Ovs,
            Levels = [new PortBindingLevel(0, "ovs", id + "-seg")],
        },
        CreatedAt = s_created,
        UpdatedAt = s_created,
    };

    /// <summary>A MAC that depends only on <paramref name="id"/> (FNV-1a of the id in the last three octets).</summary>
    public static string MacOf(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return $"fa:16:3e:{(hash >> 16) & 0xFF:x2}:{(hash >> 8) & 0xFF:x2}:{hash & 0xFF:x2}";
    }
}
