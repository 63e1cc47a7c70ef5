using Ml2.Lbaas;

namespace Lbaas.Service.Store;

/// <summary>The types a <see cref="ILbaasStore"/> keeps, their ids and display names.</summary>
internal static class StoredObjects
{
    public static string IdOf(object value) => value switch
    {
        LoadBalancer lb => lb.Id,
        Listener listener => listener.Id,
        LoadBalancerPool pool => pool.Id,
        Member member => member.Id,
        HealthMonitor monitor => monitor.Id,
        LoadBalancerPlacementRecord placement => placement.LoadBalancerId,
        _ => throw new ArgumentException($"{value.GetType().Name} is not stored by the LBaaS store.", nameof(value)),
    };

    /// <summary>Octavia's resource names ("Load Balancer", "Health Monitor", ...), as used in its messages.</summary>
    public static string ResourceName(Type type) =>
        type == typeof(LoadBalancer) ? "Load Balancer"
        : type == typeof(Listener) ? "Listener"
        : type == typeof(LoadBalancerPool) ? "Pool"
        : type == typeof(Member) ? "Member"
        : type == typeof(HealthMonitor) ? "Health Monitor"
        : type == typeof(LoadBalancerPlacementRecord) ? "Placement"
        : type.Name;
}
