using Lbaas;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>
/// Rejects a device of another provider (names compare case-insensitively, as provider names do) and, when the
/// request's flavor metadata holds <see cref="DeviceKindKey"/> (<c>physical</c> or <c>virtual</c>), a device of the
/// other kind.
/// </summary>
internal sealed class ProviderMatchPolicy : BuiltInPolicy
{
    public const string WrongProvider = "wrong provider";

    public const string WrongDeviceKind = "wrong device kind";

    /// <summary>The flavor metadata key naming the device kind a flavor needs.</summary>
    public const string DeviceKindKey = "device_kind";

    public override string Name => PlacementPolicyNames.ProviderMatch;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        if (device.Facts.Provider != request.Provider)
        {
            return PlacementVerdict.Reject(WrongProvider);
        }

        return request.Kind is { } wanted && wanted != device.Facts.Kind ? PlacementVerdict.Reject(WrongDeviceKind) : PlacementVerdict.Accept();
    }
}
