using Lbaas.Placement;
using Lbaas.Placement.Policies;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement.Policies;

/// <summary>Table tests of the scorers: they never reject, and score in [0, 1].</summary>
public sealed class ScoringPolicyTests
{
    private static readonly Dictionary<string, IPlacementPolicy> s_scorers = new IPlacementPolicy[]
    {
        new LeastLoadedPolicy(), new SameTenantPolicy(), new SameNetworkPolicy(), new WiredToVipNetworkPolicy(),
        new WiredToMemberNetworkPolicy(), new PreferPhysicalPolicy(), new PreferVirtualPolicy(),
    }.ToDictionary(p => p.Name);

    [Theory]
    [InlineData(10, 0, 1.0)]
    [InlineData(10, 3, 0.7)]
    [InlineData(4, 4, 0.0)]
    [InlineData(1, 0, 1.0)]
    public void LeastLoaded_when_loaded_scores_free_share(int maxVips, int load, double expected)
    {
        var policy = PlacementPolicyNames.LeastLoaded;
        var claims = Enumerable.Range(0, load).Select(i => Claim($"lb-{i}")).ToArray();

        var verdict = s_scorers[policy].Evaluate(Request("lb"), Snapshot(Device("d1", maxVips: maxVips), claims));

        verdict.IsRejected.Should().BeFalse();
        verdict.Score.Should().BeApproximately(expected, 1e-9);
    }

    public static TheoryData<string, string, string, string?, double> AffinityCases => new()
    {
        // policy, hosted claim "tenant|vip|member", request tenant, request "vip|member", expected
        { PlacementPolicyNames.SameTenant, "tenant-a|x|y", "tenant-a", "v|m", 1 },
        { PlacementPolicyNames.SameTenant, "tenant-b|x|y", "tenant-a", "v|m", 0 },
        { PlacementPolicyNames.SameTenant, "", "tenant-a", "v|m", 0 },
        { PlacementPolicyNames.SameNetwork, "t|v|m", "tenant-a", "v|m", 1 },
        { PlacementPolicyNames.SameNetwork, "t|v|x", "tenant-a", "v|m", 0.5 },
        { PlacementPolicyNames.SameNetwork, "t|x|m", "tenant-a", "v|m", 0.5 },
        { PlacementPolicyNames.SameNetwork, "t|x|y", "tenant-a", "v|m", 0 },
        { PlacementPolicyNames.SameNetwork, "t|v|x", "tenant-a", "v|", 1 },
        { PlacementPolicyNames.SameNetwork, "t|v|x", "tenant-a", "v|v", 1 },
        { PlacementPolicyNames.WiredToVipNetwork, "t|v|x", "tenant-a", "v|m", 1 },
        { PlacementPolicyNames.WiredToVipNetwork, "t|x|v", "tenant-a", "v|m", 1 },
        { PlacementPolicyNames.WiredToVipNetwork, "t|x|m", "tenant-a", "v|m", 0 },
        { PlacementPolicyNames.WiredToMemberNetwork, "t|x|m", "tenant-a", "v|m", 1 },
        { PlacementPolicyNames.WiredToMemberNetwork, "t|v|x", "tenant-a", "v|m", 0 },
        { PlacementPolicyNames.WiredToMemberNetwork, "t|v|x", "tenant-a", "v|", 0 },
    };

    [Theory]
    [MemberData(nameof(AffinityCases))]
    public void Affinity_scorers_when_device_hosts_tenant_or_networks_score_overlap(string policy, string hosted, string tenant, string? networks, double expected)
    {
        var claims = hosted.Length == 0
            ? []
            : new[] { hosted.Split('|') }.Select(p => Claim("lb-old", p[0], p[1], p[2])).ToArray();
        var parts = networks!.Split('|');
        var request = Request("lb", tenantId: tenant, vipNetworkId: parts[0], memberNetworkId: parts[1].Length == 0 ? null : parts[1]);

        var verdict = s_scorers[policy].Evaluate(request, Snapshot(Device("d1"), claims));

        verdict.IsRejected.Should().BeFalse();
        verdict.Score.Should().BeApproximately(expected, 1e-9);
    }

    [Theory]
    [InlineData(PlacementPolicyNames.PreferPhysical, DeviceKind.Physical, 1)]
    [InlineData(PlacementPolicyNames.PreferPhysical, DeviceKind.Virtual, 0)]
    [InlineData(PlacementPolicyNames.PreferVirtual, DeviceKind.Physical, 0)]
    [InlineData(PlacementPolicyNames.PreferVirtual, DeviceKind.Virtual, 1)]
    public void Kind_scorers_when_kind_matches_score_one(string policy, DeviceKind kind, double expected)
    {
        var verdict = s_scorers[policy].Evaluate(Request("lb"), Snapshot(Device("d1", kind: kind)));

        verdict.IsRejected.Should().BeFalse();
        verdict.Score.Should().Be(expected);
    }
}
