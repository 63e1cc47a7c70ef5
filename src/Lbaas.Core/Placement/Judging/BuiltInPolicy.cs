using Lbaas;

namespace Lbaas.Placement.Judging;

/// <summary>
/// A built-in policy: it judges a device from its <see cref="JudgedDevice"/> (facts and memberships), which the
/// scheduler reads from the cache's dense table without building a <see cref="DeviceSnapshot"/>. A snapshot handed to
/// <see cref="Evaluate(PlacementRequest, DeviceSnapshot)"/> is judged by the same rule (through
/// <see cref="JudgedDevice.Of"/>).
/// </summary>
internal abstract class BuiltInPolicy : IPlacementPolicy
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        return Evaluate(JudgedRequest.Relative(request), JudgedDevice.Of(device, request));
    }

    /// <summary>Judges one device.</summary>
    /// <param name="request">The request, as judged.</param>
    /// <param name="device">The device, as judged.</param>
    /// <returns>Accept with a score in [0, 1], or reject with a reason.</returns>
    public abstract PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device);
}
