using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 when the device already hosts a load balancer of the request's project (F5's tenant affinity).</summary>
internal sealed class SameTenantPolicy : IPlacementPolicy
{
    public string Name => PlacementPolicyNames.SameTenant;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        return PlacementVerdict.Accept(device.TenantIds.Contains(request.TenantId) ? 1 : 0);
    }
}
