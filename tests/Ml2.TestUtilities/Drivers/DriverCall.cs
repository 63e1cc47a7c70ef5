namespace Ml2.TestUtilities;

/// <summary>One call a <see cref="RecordingLoadBalancerDriver"/> received.</summary>
/// <param name="Method">The driver method, e.g. <c>CreateLoadBalancer</c>.</param>
/// <param name="ObjectId">The object's id.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="LoadBalancerId">The load balancer.</param>
/// <param name="HadCredentials">Whether the device came with its credentials (drivers need them; nothing else may see them).</param>
public sealed record DriverCall(string Method, string ObjectId, string DeviceId, string LoadBalancerId, bool HadCredentials);
