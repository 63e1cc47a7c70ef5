using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Placement;
using Lbaas.Placement.Policies;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement.Policies;

public sealed class CapacityPolicyTests
{
    private readonly CapacityPolicy _policy = new();

    public static TheoryData<int, int, string[], string, string?, string?> Cases => new()
    {
        // maxVips, maxNetworks, networks already wired (one claim each), VIP network, member network, expected reason
        { 2, 4, [], "v", "m", null },
        { 1, 4, [], "v", "m", null },
        { 1, 4, ["a"], "v", "m", "at VIP capacity" },
        { 3, 2, ["a"], "v", "m", "at network capacity" },
        { 3, 2, ["a"], "v", null, null },
        { 3, 2, ["a"], "v", "v", null },
        { 3, 2, ["a", "b"], "a", "b", null },
        { 3, 2, ["a", "b"], "a", "c", "at network capacity" },
        { 3, 3, ["a", "b"], "a", "c", null },
        { 3, 1, ["a"], "a", "a", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_when_loaded_rejects_only_beyond_capacity(int maxVips, int maxNetworks, string[] wired, string vip, string? member, string? expected)
    {
        var claims = wired.Select((n, i) => Claim($"lb-{i}", vipNetworkId: n, memberNetworkId: null)).ToArray();
        var snapshot = Snapshot(Device("d1", maxVips: maxVips, maxNetworks: maxNetworks), claims);

        var verdict = _policy.Evaluate(Request("lb-new", vipNetworkId: vip, memberNetworkId: member), snapshot);

        verdict.RejectionReason.Should().Be(expected);
        verdict.Score.Should().Be(0);
        _policy.Name.Should().Be(PlacementPolicyNames.Capacity);
    }
}
