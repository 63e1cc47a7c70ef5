using Lbaas.Placement;
using Lbaas.Placement.Policies;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement.Policies;

public sealed class AdminStateAndHealthPolicyTests
{
    private readonly AdminStateAndHealthPolicy _policy = new();

    [Theory]
    [InlineData(true, false, DeviceHealth.Healthy, null)]
    [InlineData(true, false, DeviceHealth.Degraded, null)]
    [InlineData(true, false, DeviceHealth.Down, "down")]
    [InlineData(false, false, DeviceHealth.Healthy, "disabled")]
    [InlineData(false, true, DeviceHealth.Down, "disabled")]
    [InlineData(true, true, DeviceHealth.Healthy, "draining")]
    [InlineData(true, true, DeviceHealth.Down, "draining")]
    public void Evaluate_when_state_or_health_bad_rejects(bool adminStateUp, bool draining, DeviceHealth health, string? expected)
    {
        var snapshot = Snapshot(Device("d1", adminStateUp: adminStateUp, draining: draining, health: health));

        _policy.Evaluate(Request("lb"), snapshot).RejectionReason.Should().Be(expected);
        _policy.Name.Should().Be(PlacementPolicyNames.AdminStateAndHealth);
    }
}
