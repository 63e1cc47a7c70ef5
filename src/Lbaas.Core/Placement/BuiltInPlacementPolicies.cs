using Lbaas.Placement.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Lbaas;

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

    /// <summary>The implementation types (the ones <see cref="AddTo"/> registers).</summary>
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

    /// <summary>
    /// Registers every built-in policy as an <see cref="IPlacementPolicy"/> (skipping one already registered). One
    /// generic registration per type, so the trimmer keeps their constructors.
    /// </summary>
    public static void AddTo(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, ProviderMatchPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, AdminStateAndHealthPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, TenantIsolationPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, AntiAffinityPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, CapacityPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, OverlappingIpsPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, LeastLoadedPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, SameTenantPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, SameNetworkPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, WiredToVipNetworkPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, WiredToMemberNetworkPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, PreferPhysicalPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementPolicy, PreferVirtualPolicy>());
    }

    /// <summary>Whether <paramref name="name"/> is a built-in filter (case-insensitive).</summary>
    public static bool IsFilter(string name) => Filters.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="name"/> is a built-in policy (case-insensitive).</summary>
    public static bool IsBuiltIn(string name) => IsFilter(name) || Scorers.Contains(name, StringComparer.OrdinalIgnoreCase);
}
