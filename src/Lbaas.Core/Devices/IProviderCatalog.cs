using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// What the device registry and the scheduler need to know about providers: whether one is configured, and its
/// load-balancer driver (for capacity limits, vetoes and driver-chosen placement). Implemented from the LBaaS options;
/// optional: without one, every non-empty provider name is accepted and no driver takes part in placement.
/// </summary>
internal interface IProviderCatalog
{
    /// <summary>Whether <paramref name="provider"/> is configured (case-insensitive).</summary>
    /// <param name="provider">A provider name.</param>
    /// <returns>True when it is configured.</returns>
    bool Exists(string provider);

    /// <summary>The driver of <paramref name="provider"/>, or null when the provider is not configured.</summary>
    /// <param name="provider">A provider name.</param>
    /// <returns>The driver, or null.</returns>
    ILoadBalancerDriver? DriverOf(string provider);
}
