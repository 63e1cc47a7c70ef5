using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 for a physical device.</summary>
internal sealed class PreferPhysicalPolicy : IPlacementPolicy
{
    public string Name => PlacementPolicyNames.PreferPhysical;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        return PlacementVerdict.Accept(device.Record.Kind == DeviceKind.Physical ? 1 : 0);
    }
}
