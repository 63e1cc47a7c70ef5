using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Storage;

/// <summary>A device and every claim on it, read at one revision (<see cref="Device.RevisionNumber"/>).</summary>
/// <param name="Device">The device, with its credentials.</param>
/// <param name="Claims">Its claims, ordered by load balancer id.</param>
public sealed record DeviceState(Device Device, IReadOnlyList<LoadBalancerClaim> Claims);
