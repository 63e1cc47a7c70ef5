using System.Text.Json;
using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Storage;

/// <summary>
/// The object types an <see cref="ILbaasStateStore"/> keeps in its objects table, their type keys and ids, and the JSON
/// options their bodies (and device and claim bodies) are serialised with.
/// </summary>
public static class LbaasStoredTypes
{
    /// <summary>The stored object types: load balancers, listeners, pools, members, health monitors and placement records.</summary>
    public static IReadOnlyList<Type> ObjectTypes { get; } =
        [typeof(LoadBalancer), typeof(Listener), typeof(LoadBalancerPool), typeof(Member), typeof(HealthMonitor), typeof(LoadBalancerPlacementRecord)];

    /// <summary>
    /// JSON options every stored body round-trips through (web defaults: camelCase names, case-insensitive reads).
    /// <see cref="Device.Credentials"/> is written as null by design; stores keep credentials separately. The metadata
    /// is source-generated (no reflection, so trimming and native AOT are safe): it covers the <see cref="ObjectTypes"/>,
    /// <see cref="Device"/>, <see cref="LoadBalancerClaim"/>, <see cref="DeviceState"/>, <see cref="DeviceClaim"/>,
    /// <see cref="AgentRecord"/> and lists of the last four; get a type's
    /// <see cref="System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}"/> with <c>JsonOptions.GetTypeInfo(typeof(T))</c>.
    /// </summary>
    public static JsonSerializerOptions JsonOptions => LbaasStoredJsonContext.Default.Options;

    /// <summary>The value of the <c>type</c> column for a stored object type.</summary>
    /// <param name="type">One of <see cref="ObjectTypes"/>.</param>
    /// <returns><c>loadbalancer</c>, <c>listener</c>, <c>pool</c>, <c>member</c>, <c>healthmonitor</c> or <c>placement</c>.</returns>
    /// <exception cref="ArgumentException">The type is not stored.</exception>
    public static string KeyOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type == typeof(LoadBalancer) ? "loadbalancer"
            : type == typeof(Listener) ? "listener"
            : type == typeof(LoadBalancerPool) ? "pool"
            : type == typeof(Member) ? "member"
            : type == typeof(HealthMonitor) ? "healthmonitor"
            : type == typeof(LoadBalancerPlacementRecord) ? "placement"
            : throw new ArgumentException($"{type.Name} is not stored by the LBaaS state store.", nameof(type));
    }

    /// <summary>The id an object is stored under (a placement record's is its load balancer's id).</summary>
    /// <param name="value">A stored object.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException">The object's type is not stored.</exception>
    public static string IdOf(object value) => value switch
    {
        LoadBalancer lb => lb.Id,
        Listener listener => listener.Id,
        LoadBalancerPool pool => pool.Id,
        Member member => member.Id,
        HealthMonitor monitor => monitor.Id,
        LoadBalancerPlacementRecord placement => placement.LoadBalancerId,
        null => throw new ArgumentNullException(nameof(value)),
        _ => throw new ArgumentException($"{value.GetType().Name} is not stored by the LBaaS state store.", nameof(value)),
    };

    /// <summary>Octavia's resource names ("Load Balancer", "Health Monitor", ...), for a store's not-found and conflict messages.</summary>
    /// <param name="type">One of <see cref="ObjectTypes"/>.</param>
    /// <returns>The name.</returns>
    public static string ResourceName(Type type) =>
        type == typeof(LoadBalancer) ? "Load Balancer"
        : type == typeof(Listener) ? "Listener"
        : type == typeof(LoadBalancerPool) ? "Pool"
        : type == typeof(Member) ? "Member"
        : type == typeof(HealthMonitor) ? "Health Monitor"
        : type == typeof(LoadBalancerPlacementRecord) ? "Placement"
        : type.Name;
}
