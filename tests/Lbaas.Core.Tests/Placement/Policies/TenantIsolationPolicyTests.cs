using Lbaas.Placement;
using Lbaas.Placement.Policies;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement.Policies;

public sealed class TenantIsolationPolicyTests
{
    private readonly TenantIsolationPolicy _policy = new();

    [Theory]
    [InlineData(null, "tenant-a", null)]
    [InlineData("tenant-a", "tenant-a", null)]
    [InlineData("tenant-b", "tenant-a", "private to another project")]
    [InlineData("Tenant-A", "tenant-a", "private to another project")]
    public void Evaluate_when_device_private_to_another_project_rejects(string? owner, string requester, string? expected)
    {
        var verdict = _policy.Evaluate(Request("lb", tenantId: requester), Snapshot(Device("d1", tenantId: owner)));

        verdict.RejectionReason.Should().Be(expected);
        _policy.Name.Should().Be(PlacementPolicyNames.TenantIsolation);
    }
}
