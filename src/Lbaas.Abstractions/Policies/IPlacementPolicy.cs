namespace Lbaas;

/// <summary>
/// A placement policy: a named, pure, synchronous judgement of one device for one request. Hard constraints reject
/// with a reason; soft preferences return a score in [0, 1] that the scheduler multiplies by the policy's configured
/// weight. Policies must not do I/O or keep per-call state; they may be called from many threads at once.
/// </summary>
public interface IPlacementPolicy
{
    /// <summary>The policy's unique name, referenced from options (built-ins: <c>PlacementPolicyNames</c>).</summary>
    string Name { get; }

    /// <summary>Judges one device.</summary>
    /// <param name="request">What the load balancer needs.</param>
    /// <param name="device">The device and its load.</param>
    /// <returns>A rejection with a reason, or an acceptance with a score.</returns>
    PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device);
}
