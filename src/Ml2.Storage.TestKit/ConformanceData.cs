using System.Text.Json;
using Ml2.Model;

namespace Ml2.Storage.TestKit;

/// <summary>Rows with every kind of field filled, to check that a store keeps them exactly.</summary>
public static class ConformanceData
{
    private static readonly DateTimeOffset s_created = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    /// <summary>A network with one VLAN segment and an extension attribute holding a JSON object.</summary>
    /// <param name="id">The id (the segment's is derived from it).</param>
    /// <param name="revision">The revision number.</param>
    /// <param name="name">The name; <c>net-</c> and the id when null.</param>
    /// <returns>The network.</returns>
    public static Network Network(string id, long revision = 1, string? name = null) => new()
    {
        Id = id,
        TenantId = "tenant-a",
        Name = name ?? "net-" + id,
        Mtu = 1500,
        VlanTransparent = true,
        RevisionNumber = revision,
        Segments = [new NetworkSegment { Id = id + "-seg", NetworkId = id, NetworkType = NetworkTypes.Vlan, PhysicalNetwork = "physnet1", SegmentationId = 101, Mtu = 1500 }],
        ExtensionAttributes = new Dictionary<string, JsonElement> { ["vendor:zone"] = JsonElement.Parse("""{"rack":7,"tags":["a","b"]}""") },
        CreatedAt = s_created,
        UpdatedAt = s_created,
    };

    /// <summary>A subnet of <paramref name="networkId"/>: 10.0.0.0/24 with a gateway and one allocation pool.</summary>
    /// <param name="id">The id.</param>
    /// <param name="networkId">The network's id.</param>
    /// <returns>The subnet.</returns>
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
    /// <param name="id">The id.</param>
    /// <param name="networkId">The network's id.</param>
    /// <param name="macAddress">The MAC; <see cref="MacOf"/> the id when null.</param>
    /// <returns>The port.</returns>
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
    /// <param name="id">The id.</param>
    /// <returns>The MAC, in Neutron's <c>fa:16:3e</c> prefix.</returns>
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
