using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 for a virtual device.</summary>
internal sealed class PreferVirtualPolicy : IPlacementPolicy
{
    public string Name => PlacementPolicyNames.PreferVirtual;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        return PlacementVerdict.Accept(device.Record.Kind == DeviceKind.Virtual ? 1 : 0);
    }
}
