using Lbaas.Placement;
using Lbaas.Placement.Policies;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement.Policies;

public sealed class OverlappingIpsPolicyTests
{
    private readonly OverlappingIpsPolicy _policy = new();

    [Theory]
    [InlineData("10.0.0.5", "tenant-b", "10.0.0.5", false, "overlapping VIP address not supported")]
    [InlineData("10.0.0.5", "tenant-a", "10.0.0.5", false, "overlapping VIP address not supported")]
    [InlineData("10.0.0.5", "tenant-b", "10.0.0.5", true, null)]
    [InlineData("10.0.0.5", "tenant-b", "10.0.0.6", false, null)]
    [InlineData("10.0.0.5", "tenant-b", null, false, null)]
    [InlineData(null, "tenant-b", "10.0.0.5", false, null)]
    public void Evaluate_when_address_already_hosted_rejects_unless_overlapping_supported(string? hosted, string hostedTenant, string? requested, bool supportsOverlapping, string? expected)
    {
        var snapshot = Snapshot(Device("d1", overlapping: supportsOverlapping), Claim("lb-1", hostedTenant, vipAddress: hosted));

        var verdict = _policy.Evaluate(Request("lb", tenantId: "tenant-a", vipAddress: requested), snapshot);

        verdict.RejectionReason.Should().Be(expected);
        _policy.Name.Should().Be(PlacementPolicyNames.OverlappingIps);
    }
}
