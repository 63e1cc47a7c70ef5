using Ml2.Model;

namespace Ml2.Core.Tests.Storage;

/// <summary>Rows for the store tests.</summary>
internal static class StoreTestData
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Network Network(string id, long revision = 1, string name = "net") => new()
    {
        Id = id,
        TenantId = "tenant-a",
        Name = name,
        Mtu = 1500,
        RevisionNumber = revision,
        Segments = [new NetworkSegment { Id = $"{id}-seg", NetworkId = id, NetworkType = NetworkTypes.Vlan, PhysicalNetwork = "physnet1", SegmentationId = 100, Mtu = 1500 }],
        CreatedAt = s_now,
        UpdatedAt = s_now,
    };

    public static Subnet Subnet(string id, string networkId) => new()
    {
        Id = id,
        TenantId = "tenant-a",
        NetworkId = networkId,
        Cidr = "10.0.0.0/24",
        GatewayIp = "10.0.0.1",
        AllocationPools = [new AllocationPool("10.0.0.2", "10.0.0.254")],
        RevisionNumber = 1,
        CreatedAt = s_now,
        UpdatedAt = s_now,
    };

    public static Port Port(string id, string networkId) => new()
    {
        Id = id,
        TenantId = "tenant-a",
        NetworkId = networkId,
        MacAddress = "fa:16:3e:00:00:01",
        RevisionNumber = 1,
        CreatedAt = s_now,
        UpdatedAt = s_now,
    };
}
