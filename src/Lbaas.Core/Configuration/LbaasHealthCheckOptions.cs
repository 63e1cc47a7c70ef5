namespace Lbaas.Configuration;

/// <summary>
/// Thresholds of the LBaaS health checks added by <c>AddLbaasChecks()</c> (configuration section <c>lbaas:health</c>,
/// bound by <c>AddLbaas(IConfiguration)</c>). Durations bind from <c>hh:mm:ss</c> strings. Validated at start.
/// </summary>
/// <remarks>
/// The agents check uses <see cref="LbaasOptions.AgentDeadAfter"/> (an agent silent for longer is dead); the devices
/// check uses each device's own capacity (full when its load balancers reach <c>MaxVips</c> or its networks
/// <c>MaxNetworks</c>).
/// </remarks>
public sealed class LbaasHealthCheckOptions
{
    /// <summary>The default <see cref="PendingMaxAge"/>: 5 minutes (half the default <see cref="LbaasOptions.PendingTimeout"/>).</summary>
    public static readonly TimeSpan DefaultPendingMaxAge = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a load balancer may stay PENDING_CREATE, PENDING_UPDATE or PENDING_DELETE (since its last change) before
    /// the pending check reports it stuck (Degraded). Positive. Keep it below <see cref="LbaasOptions.PendingTimeout"/>
    /// to see stuck load balancers before the reaper moves them to ERROR.
    /// <value>The default value is 5 minutes.</value>
    /// </summary>
    public TimeSpan PendingMaxAge { get; set; } = DefaultPendingMaxAge;
}
