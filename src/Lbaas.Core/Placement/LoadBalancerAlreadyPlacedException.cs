using Ml2.Exceptions;

namespace Lbaas.Placement;

/// <summary>
/// A placement was asked for a load balancer that is already placed (it holds a claim in the same
/// <see cref="Devices.LoadBalancerClaim.Slot"/>, on <see cref="DeviceId"/>): 409, type <c>Conflict</c>. Nothing was
/// claimed and the existing claim is untouched.
/// </summary>
public class LoadBalancerAlreadyPlacedException : ConflictException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="loadBalancerId">The load balancer.</param>
    /// <param name="deviceId">The device it is placed on.</param>
    /// <param name="slot">The slot asked for (0: only or active device, 1: standby).</param>
    public LoadBalancerAlreadyPlacedException(string loadBalancerId, string deviceId, int slot)
        : base(ConflictType, $"Load balancer {ErrorText.Quote(loadBalancerId)} is already placed on device {ErrorText.Quote(deviceId)}.", "loadbalancer_id", loadBalancerId, null)
    {
        LoadBalancerId = loadBalancerId;
        DeviceId = deviceId;
        Slot = slot;
    }

    /// <summary>The load balancer.</summary>
    public string LoadBalancerId { get; }

    /// <summary>The device that holds its claim in <see cref="Slot"/>.</summary>
    public string DeviceId { get; }

    /// <summary>The slot asked for.</summary>
    public int Slot { get; }
}
