using System.Text.Json;
using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Storage;

/// <summary>
/// What the LBaaS stores share: the JSON options their bodies (objects, devices and claims) are serialised with, and
/// Octavia's resource names for their errors.
/// </summary>
public static class LbaasStoredTypes
{
    /// <summary>
    /// JSON options every stored body round-trips through (web defaults: camelCase names, case-insensitive reads).
    /// <see cref="Device.Credentials"/> is written as null by design; stores keep credentials separately. The metadata
    /// is source-generated (no reflection, so trimming and native AOT are safe): it covers the object types of an
    /// <see cref="ILbaasTransaction"/> (<see cref="LoadBalancer"/>, <see cref="Listener"/>, <see cref="LoadBalancerPool"/>,
    /// <see cref="Member"/>, <see cref="HealthMonitor"/>, <see cref="LoadBalancerPlacementRecord"/>),
    /// <see cref="Device"/>, <see cref="LoadBalancerClaim"/>, <see cref="DeviceState"/>, <see cref="DeviceClaim"/>,
    /// <see cref="AgentRecord"/> and lists of the last four; get a type's
    /// <see cref="System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}"/> with <c>JsonOptions.GetTypeInfo(typeof(T))</c>.
    /// </summary>
    public static JsonSerializerOptions JsonOptions => LbaasStoredJsonContext.Default.Options;

    /// <summary>Octavia's resource names ("Load Balancer", "Health Monitor", ...), for a store's not-found and conflict messages.</summary>
    /// <param name="type">A stored object type.</param>
    /// <returns>The name (the type's name for a type that is not stored).</returns>
    public static string ResourceName(Type type) =>
        type == typeof(LoadBalancer) ? "Load Balancer"
        : type == typeof(Listener) ? "Listener"
        : type == typeof(LoadBalancerPool) ? "Pool"
        : type == typeof(Member) ? "Member"
        : type == typeof(HealthMonitor) ? "Health Monitor"
        : type == typeof(LoadBalancerPlacementRecord) ? "Placement"
        : type.Name;
}
