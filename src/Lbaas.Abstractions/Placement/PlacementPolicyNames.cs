namespace Lbaas.Placement;

/// <summary>
/// The names of the built-in placement policies, as used in <c>PlacementOptions.EnabledPolicies</c>,
/// <c>PlacementOptions.Weights</c>, <see cref="DeviceRejection.Policy"/> and <see cref="PlacementResult.Scores"/>.
/// Names are case-insensitive. Filters reject a device with a reason; scorers rate it in [0, 1], multiplied by their
/// weight (default 1).
/// </summary>
public static class PlacementPolicyNames
{
    /// <summary>Filter: a free VIP slot ("at VIP capacity") and room for the request's new networks ("at network capacity").</summary>
    public const string Capacity = "capacity";

    /// <summary>
    /// Filter: the device belongs to the request's provider ("wrong provider"); when the flavor metadata has
    /// <c>device_kind</c> (<c>physical</c> or <c>virtual</c>), the device is of that kind ("wrong device kind").
    /// </summary>
    public const string ProviderMatch = "provider_match";

    /// <summary>Filter: administratively up ("disabled"), not draining ("draining"), not down ("down"). Degraded devices pass.</summary>
    public const string AdminStateAndHealth = "admin_state_and_health";

    /// <summary>Filter: a device private to a project takes only that project's load balancers ("private to another project").</summary>
    public const string TenantIsolation = "tenant_isolation";

    /// <summary>
    /// Filter: a device that does not support overlapping IPs must not already host the request's VIP address
    /// ("overlapping VIP address not supported"). Applies once the VIP address is known.
    /// </summary>
    public const string OverlappingIps = "overlapping_ips";

    /// <summary>
    /// Filter: the device and its cluster are not among those the request avoids, e.g. the other half of an
    /// ACTIVE_STANDBY pair ("anti-affinity").
    /// </summary>
    public const string AntiAffinity = "anti_affinity";

    /// <summary>Scorer (default): 1 - utilisation of the device's VIP capacity.</summary>
    public const string LeastLoaded = "least_loaded";

    /// <summary>Scorer (default): 1 when the device already hosts a load balancer of the request's project.</summary>
    public const string SameTenant = "same_tenant";

    /// <summary>Scorer: the fraction of the request's networks (VIP, member) the device is already wired into.</summary>
    public const string SameNetwork = "same_network";

    /// <summary>Scorer (default): 1 when the device is already wired into the VIP network.</summary>
    public const string WiredToVipNetwork = "wired_to_vip_network";

    /// <summary>Scorer (default): 1 when the device is already wired into the member (pool) network.</summary>
    public const string WiredToMemberNetwork = "wired_to_member_network";

    /// <summary>Scorer: 1 for a physical device.</summary>
    public const string PreferPhysical = "prefer_physical";

    /// <summary>Scorer: 1 for a virtual device.</summary>
    public const string PreferVirtual = "prefer_virtual";

    /// <summary>Not a policy: names the provider's load-balancer driver when it vetoes a device (reserved).</summary>
    public const string Driver = "driver";
}
