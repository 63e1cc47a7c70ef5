using Ml2.Exceptions;

namespace Lbaas.Service;

/// <summary>
/// A placed load balancer could not be wired into its device's networks through ML2. The claim on the device was
/// released and the load balancer is ERROR (it can be deleted). The ML2 error is the inner exception.
/// </summary>
public class LoadBalancerWiringException : Ml2Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="loadBalancerId">The load balancer.</param>
    /// <param name="deviceId">The device it was placed on.</param>
    /// <param name="innerException">What the wiring threw.</param>
    public LoadBalancerWiringException(string loadBalancerId, string deviceId, Exception innerException)
        : base("LoadBalancerWiringError", ErrorStatus.InternalError, $"Load balancer {loadBalancerId} could not be wired into device {deviceId}: {innerException?.Message}", null, null, innerException)
    {
        LoadBalancerId = loadBalancerId;
        DeviceId = deviceId;
    }

    /// <summary>The load balancer.</summary>
    public string LoadBalancerId { get; }

    /// <summary>The device it was placed on.</summary>
    public string DeviceId { get; }
}
