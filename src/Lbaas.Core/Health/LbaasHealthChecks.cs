namespace Lbaas.Health;

/// <summary>
/// Names and the tag of the LBaaS health checks (<c>AddLbaasChecks()</c>). Like the ML2 checks they carry the
/// <c>ready</c> tag (<see cref="Ml2.Health.Ml2HealthChecks.ReadyTag"/>) and not <c>live</c>.
/// </summary>
public static class LbaasHealthChecks
{
    /// <summary>The tag of every LBaaS check: <c>lbaas</c>.</summary>
    public const string LbaasTag = "lbaas";

    /// <summary>
    /// The agents check, <c>lbaas-agents</c>: fails (the registration's failure status) when no agent is alive, since no
    /// device operation can then run and every change stays PENDING; Degraded when some known agent is dead.
    /// </summary>
    public const string AgentsCheckName = "lbaas-agents";

    /// <summary>
    /// The devices check, <c>lbaas-devices</c>: Degraded when a device is down, reports degraded health, or is full, or
    /// when no device can take a new load balancer (and no device provisioner can create one). Never fails readiness:
    /// capacity is shared by every controller instance, and taking them all out of rotation would not add any.
    /// </summary>
    public const string DevicesCheckName = "lbaas-devices";

    /// <summary>
    /// The pending check, <c>lbaas-pending</c>: Degraded when a load balancer has been PENDING_* for longer than
    /// <c>lbaas:health:PendingMaxAge</c> (its agent or driver never reported).
    /// </summary>
    public const string PendingCheckName = "lbaas-pending";
}
