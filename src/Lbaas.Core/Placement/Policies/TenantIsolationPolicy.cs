using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>Rejects a device private to another project.</summary>
internal sealed class TenantIsolationPolicy : IPlacementPolicy
{
    public const string PrivateToAnotherProject = "private to another project";

    public string Name => PlacementPolicyNames.TenantIsolation;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        return device.Record.TenantId is { } owner && !string.Equals(owner, request.TenantId, StringComparison.Ordinal)
            ? PlacementVerdict.Reject(PrivateToAnotherProject)
            : PlacementVerdict.Accept();
    }
}
