using System.Text.Json;
using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Placement.Judging;

/// <summary>
/// A placement request as the built-in policies judge it: the request, with its provider and project as the numbers
/// the <see cref="DeviceFacts"/> use, and its flavor's device kind read once per placement instead of per device.
/// </summary>
internal readonly struct JudgedRequest
{
    private JudgedRequest(PlacementRequest request, int provider, int owner)
    {
        Request = request;
        Provider = provider;
        Owner = owner;
        MemberNetworkId = request.MemberNetworkId is { } m && !string.Equals(m, request.VipNetworkId, StringComparison.Ordinal) ? m : null;
        Kind = KindOf(request);
        Avoids = request.AvoidDeviceIds.Count > 0 || request.AvoidClusterIds.Count > 0;
    }

    /// <summary>The request.</summary>
    public PlacementRequest Request { get; }

    /// <summary>The request's provider, as a device's <see cref="DeviceFacts.Provider"/> matches it.</summary>
    public int Provider { get; }

    /// <summary>The request's project as an owner, as a private device's <see cref="DeviceFacts.Owner"/> matches it.</summary>
    public int Owner { get; }

    /// <summary>The member network when it differs from the VIP network, else null.</summary>
    public string? MemberNetworkId { get; }

    /// <summary>The device kind the flavor needs, or null.</summary>
    public DeviceKind? Kind { get; }

    /// <summary>Whether the request names devices or clusters to avoid.</summary>
    public bool Avoids { get; }

    /// <summary>The request as the cache's devices are judged against it (numbers from the cache's indexes).</summary>
    public static JudgedRequest Of(PlacementRequest request, DeviceIndexes indexes) =>
        new(request, indexes.ProviderNumber(request.Provider, add: false), indexes.OwnerNumber(request.TenantId, add: false));

    /// <summary>
    /// The request as one snapshot is judged against it (<see cref="JudgedDevice.Of"/>): provider and owner are 1, and
    /// the snapshot's are numbered relative to them.
    /// </summary>
    public static JudgedRequest Relative(PlacementRequest request) => new(request, 1, 1);

    private static DeviceKind? KindOf(PlacementRequest request) =>
        request.FlavorMetadata.Count > 0
        && request.FlavorMetadata.TryGetValue(Policies.ProviderMatchPolicy.DeviceKindKey, out var kind)
        && kind.ValueKind == JsonValueKind.String
        && Enum.TryParse<DeviceKind>(kind.GetString(), ignoreCase: true, out var wanted)
            ? wanted
            : null;
}
