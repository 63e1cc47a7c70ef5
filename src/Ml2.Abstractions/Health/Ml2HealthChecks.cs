namespace Ml2.Health;

/// <summary>
/// Names and tags of the SDK's health checks (<c>AddMl2Checks()</c>, and <c>AddLbaasChecks()</c> in Lbaas.Core), for
/// a host that maps endpoints or filters checks.
/// </summary>
/// <remarks>
/// Every SDK check carries <see cref="ReadyTag"/> and none carries <see cref="LiveTag"/>: a store outage or a failed
/// journal entry makes an instance not ready (take it out of the load balancer's rotation) but is no reason to restart
/// the process. A liveness endpoint that runs only checks tagged <see cref="LiveTag"/> therefore answers Healthy while
/// the process serves requests.
/// </remarks>
public static class Ml2HealthChecks
{
    /// <summary>The tag of checks a readiness endpoint runs: <c>ready</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The tag of checks a liveness endpoint runs: <c>live</c> (none of the SDK's).</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of every ML2 check: <c>ml2</c>.</summary>
    public const string Ml2Tag = "ml2";

    /// <summary>
    /// The store check, <c>ml2-store</c>: the ML2 store answers (a SQL store: the database is reachable and its schema
    /// is at the version this SDK writes; a store implementing <c>IHealthCheck</c> answers itself; the in-memory store
    /// always does).
    /// </summary>
    public const string StoreCheckName = "ml2-store";

    /// <summary>
    /// The journal check, <c>ml2-journal</c>: no entry failed for good (else the registration's failure status), and
    /// the pending backlog is within <c>ml2:health:journal_max_pending</c> and <c>journal_max_pending_age</c> (else
    /// Degraded).
    /// </summary>
    public const string JournalCheckName = "ml2-journal";

    /// <summary>How many offending ids (entries, agents, devices, load balancers) a check's data lists at most: 5.</summary>
    public const int MaxListedIds = 5;
}
