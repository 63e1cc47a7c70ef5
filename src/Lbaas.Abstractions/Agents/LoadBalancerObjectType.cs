namespace Lbaas.Agents;

/// <summary>The kinds of object an agent operation acts on.</summary>
public enum LoadBalancerObjectType
{
    /// <summary>A load balancer (its VIP).</summary>
    LoadBalancer,

    /// <summary>A listener.</summary>
    Listener,

    /// <summary>A pool.</summary>
    Pool,

    /// <summary>A pool member.</summary>
    Member,

    /// <summary>A health monitor.</summary>
    HealthMonitor,
}
