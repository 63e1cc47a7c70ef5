using System.Text.Json;
using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>
/// Rejects a device of another provider (names compare case-insensitively, as provider names do) and, when the
/// request's flavor metadata holds <see cref="DeviceKindKey"/> (<c>physical</c> or <c>virtual</c>), a device of the
/// other kind.
/// </summary>
internal sealed class ProviderMatchPolicy : IPlacementPolicy
{
    public const string WrongProvider = "wrong provider";

    public const string WrongDeviceKind = "wrong device kind";

    /// <summary>The flavor metadata key naming the device kind a flavor needs.</summary>
    public const string DeviceKindKey = "device_kind";

    public string Name => PlacementPolicyNames.ProviderMatch;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        if (!string.Equals(device.Record.Provider, request.Provider, StringComparison.OrdinalIgnoreCase))
        {
            return PlacementVerdict.Reject(WrongProvider);
        }

        if (request.FlavorMetadata.Count > 0
            && request.FlavorMetadata.TryGetValue(DeviceKindKey, out var kind)
            && kind.ValueKind == JsonValueKind.String
            && Enum.TryParse<DeviceKind>(kind.GetString(), ignoreCase: true, out var wanted)
            && wanted != device.Record.Kind)
        {
            return PlacementVerdict.Reject(WrongDeviceKind);
        }

        return PlacementVerdict.Accept();
    }
}
