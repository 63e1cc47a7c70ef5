using Lbaas.Placement.Policies;

namespace Lbaas.Placement;

/// <summary>The catalogue of built-in policies: which filter, which score, which are on by default, and their types.</summary>
internal static class BuiltInPlacementPolicies
{
    /// <summary>The built-in filters in the order they run: cheapest and most selective first.</summary>
    public static IReadOnlyList<string> Filters { get; } =
    [
        PlacementPolicyNames.ProviderMatch,
        PlacementPolicyNames.AdminStateAndHealth,
        PlacementPolicyNames.TenantIsolation,
        PlacementPolicyNames.AntiAffinity,
        PlacementPolicyNames.Capacity,
        PlacementPolicyNames.OverlappingIps,
    ];

    /// <summary>The built-in scorers.</summary>
    public static IReadOnlyList<string> Scorers { get; } =
    [
        PlacementPolicyNames.LeastLoaded,
        PlacementPolicyNames.SameTenant,
        PlacementPolicyNames.SameNetwork,
        PlacementPolicyNames.WiredToVipNetwork,
        PlacementPolicyNames.WiredToMemberNetwork,
        PlacementPolicyNames.PreferPhysical,
        PlacementPolicyNames.PreferVirtual,
    ];

    /// <summary>The scorers enabled when <see cref="PlacementOptions.EnabledPolicies"/> is empty.</summary>
    public static IReadOnlyList<string> DefaultScorers { get; } =
    [
        PlacementPolicyNames.LeastLoaded,
        PlacementPolicyNames.SameTenant,
        PlacementPolicyNames.WiredToVipNetwork,
        PlacementPolicyNames.WiredToMemberNetwork,
    ];

    /// <summary>
    /// The filters the device indexes apply ahead of time (provider, private owner, admin state and health, free VIP
    /// slot); the bounded search is sound only while all of them are enabled.
    /// </summary>
    public static IReadOnlyList<string> Indexed { get; } =
    [
        PlacementPolicyNames.ProviderMatch,
        PlacementPolicyNames.AdminStateAndHealth,
        PlacementPolicyNames.TenantIsolation,
        PlacementPolicyNames.Capacity,
    ];

    /// <summary>The implementation types, for registration.</summary>
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(ProviderMatchPolicy),
        typeof(AdminStateAndHealthPolicy),
        typeof(TenantIsolationPolicy),
        typeof(AntiAffinityPolicy),
        typeof(CapacityPolicy),
        typeof(OverlappingIpsPolicy),
        typeof(LeastLoadedPolicy),
        typeof(SameTenantPolicy),
        typeof(SameNetworkPolicy),
        typeof(WiredToVipNetworkPolicy),
        typeof(WiredToMemberNetworkPolicy),
        typeof(PreferPhysicalPolicy),
        typeof(PreferVirtualPolicy),
    ];

    /// <summary>Whether <paramref name="name"/> is a built-in filter (case-insensitive).</summary>
    public static bool IsFilter(string name) => Filters.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="name"/> is a built-in policy (case-insensitive).</summary>
    public static bool IsBuiltIn(string name) => IsFilter(name) || Scorers.Contains(name, StringComparer.OrdinalIgnoreCase);
}
