using Lbaas.Placement;
using Lbaas.Placement.Policies;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement.Policies;

public sealed class AntiAffinityPolicyTests
{
    private readonly AntiAffinityPolicy _policy = new();

    [Theory]
    [InlineData("d1", null, new string[0], new string[0], null)]
    [InlineData("d1", null, new[] { "d1" }, new string[0], "anti-affinity")]
    [InlineData("d1", "c1", new[] { "d2" }, new[] { "c1" }, "anti-affinity")]
    [InlineData("d1", "c1", new[] { "d2" }, new[] { "c2" }, null)]
    [InlineData("d1", null, new[] { "d2" }, new[] { "c1" }, null)]
    public void Evaluate_when_device_or_cluster_avoided_rejects(string deviceId, string? cluster, string[] avoidDevices, string[] avoidClusters, string? expected)
    {
        var request = Request("lb", avoidDevices: avoidDevices.ToHashSet(), avoidClusters: avoidClusters.ToHashSet());

        _policy.Evaluate(request, Snapshot(Device(deviceId, clusterId: cluster))).RejectionReason.Should().Be(expected);
        _policy.Name.Should().Be(PlacementPolicyNames.AntiAffinity);
    }
}
