using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Core.Tests.Placement.Support;

/// <summary>Builders for devices, requests and claims.</summary>
public static class TestDevices
{
    public const string Provider = "acme";

    public const string Secret = "S3cr3t-Pa55w0rd!";

    public const string SecretUser = "root-operator-7731";

    public static Device Device(
        string id,
        string provider = Provider,
        int maxVips = 10,
        int maxNetworks = 8,
        DeviceKind kind = DeviceKind.Physical,
        string? tenantId = null,
        string? clusterId = null,
        bool overlapping = false,
        bool adminStateUp = true,
        bool draining = false,
        DeviceHealth health = DeviceHealth.Healthy,
        bool withCredentials = false) => new()
        {
            Id = id,
            Name = $"name-{id}",
            Provider = provider,
            Kind = kind,
            HostId = $"host-{id}",
            ManagementAddress = "10.0.0.1",
            Capacity = new DeviceCapacity(maxVips, maxNetworks),
            TenantId = tenantId,
            ClusterId = clusterId,
            SupportsOverlappingIps = overlapping,
            AdminStateUp = adminStateUp,
            Draining = draining,
            Health = health,
            Credentials = withCredentials ? new DeviceCredentials(SecretUser, Secret) : null,
        };

    public static PlacementRequest Request(
        string loadBalancerId,
        string tenantId = "tenant-a",
        string provider = Provider,
        string vipNetworkId = "net-vip",
        string? memberNetworkId = "net-member",
        string? vipAddress = null,
        IReadOnlySet<string>? avoidDevices = null,
        IReadOnlySet<string>? avoidClusters = null) => new()
        {
            LoadBalancerId = loadBalancerId,
            TenantId = tenantId,
            Provider = provider,
            VipNetworkId = vipNetworkId,
            MemberNetworkId = memberNetworkId,
            VipAddress = vipAddress,
            AvoidDeviceIds = avoidDevices ?? new HashSet<string>(),
            AvoidClusterIds = avoidClusters ?? new HashSet<string>(),
        };

    public static LoadBalancerClaim ClaimFor(PlacementRequest request) =>
        new(request.LoadBalancerId, request.TenantId, request.VipNetworkId, request.MemberNetworkId, request.VipAddress);

    public static LoadBalancerClaim Claim(string loadBalancerId, string tenantId = "tenant-a", string vipNetworkId = "net-vip", string? memberNetworkId = "net-member", string? vipAddress = null) =>
        new(loadBalancerId, tenantId, vipNetworkId, memberNetworkId, vipAddress);

    /// <summary>A snapshot of <paramref name="device"/> carrying the given claims.</summary>
    public static DeviceSnapshot Snapshot(Device device, params LoadBalancerClaim[] claims) => new(
        device,
        claims.Length,
        claims.SelectMany(c => new[] { c.VipNetworkId, c.MemberNetworkId }).OfType<string>().Distinct(),
        claims.Select(c => c.TenantId).Distinct(),
        claims.Select(c => c.VipAddress).OfType<string>().Distinct());
}
