namespace Lbaas;

/// <summary>Load-balancer topologies.</summary>
public static class LoadBalancerTopologies
{
    /// <summary>One device.</summary>
    public const string Single = "SINGLE";

    /// <summary>Two devices, never the same one nor in the same cluster (anti-affinity).</summary>
    public const string ActiveStandby = "ACTIVE_STANDBY";
}
