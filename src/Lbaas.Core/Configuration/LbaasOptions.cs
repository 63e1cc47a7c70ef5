using Microsoft.Extensions.Configuration;
using Ml2.Resilience;

namespace Lbaas.Configuration;

/// <summary>
/// LBaaS options (configuration section <c>lbaas</c>): providers (service types) and flavors, how long an object may
/// stay PENDING_*, and the in-process agents. Every value is validated at start and every problem is reported at once.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Providers"/> entries use Neutron's <c>service_provider</c> format,
/// <c>LOADBALANCERV2:&lt;name&gt;:&lt;driver&gt;[:default]</c>, where <c>&lt;driver&gt;</c> is the
/// <see cref="Lbaas.ILoadBalancerDriver.Name"/> of a driver added with <c>AddLoadBalancerDriver</c>. Provider names
/// are case-insensitive (Neutron lower-cases them). From configuration, the list may also be one comma-separated string.
/// </para>
/// <para>
/// Placement options live in their own section, <c>lbaas:placement</c> (bound by <c>AddLbaas(IConfiguration)</c>), and
/// device wiring options in <c>lbaas:wiring</c>.
/// </para>
/// </remarks>
public sealed class LbaasOptions
{
    /// <summary>The default configuration section name.</summary>
    public const string SectionName = "lbaas";

    /// <summary>The only service type this SDK serves (Neutron's <c>LOADBALANCERV2</c>).</summary>
    public const string ServiceType = "LOADBALANCERV2";

    /// <summary>The default number of in-process agents.</summary>
    public const int DefaultAgentCount = 2;

    /// <summary>The default <see cref="PendingTimeout"/>: 10 minutes.</summary>
    public static readonly TimeSpan DefaultPendingTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The default <see cref="ReaperInterval"/>: 1 minute.</summary>
    public static readonly TimeSpan DefaultReaperInterval = TimeSpan.FromMinutes(1);

    /// <summary>The default <see cref="AgentHeartbeatInterval"/>: 30 seconds (Neutron's <c>report_interval</c>).</summary>
    public static readonly TimeSpan DefaultAgentHeartbeatInterval = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="AgentDeadAfter"/>: 75 seconds (Neutron's <c>agent_down_time</c>).</summary>
    public static readonly TimeSpan DefaultAgentDeadAfter = TimeSpan.FromSeconds(75);

    /// <summary>
    /// The providers, as <c>LOADBALANCERV2:&lt;name&gt;:&lt;driver&gt;[:default]</c> entries. Exactly one must be the
    /// default; names and drivers must be unique; every driver must be registered.
    /// </summary>
    public IList<string> Providers { get; set; } = [];

    /// <summary>The flavors: a provider plus metadata the provider's driver validates.</summary>
    public IList<LoadBalancerFlavorOptions> Flavors { get; set; } = [];

    /// <summary>
    /// The devices on-boarded at start (configuration <c>lbaas:devices</c>): each is created when absent and otherwise
    /// updated to match, keeping its claims, by the generic host's start or <c>StartLbaasAsync()</c> (not by a lazy
    /// start on first use). All are checked before the first is stored: a bad one stops the start with an
    /// <see cref="Ml2.Exceptions.InvalidInputException"/> naming it (<c>devices[&lt;n&gt;].&lt;key&gt;</c>) and its value,
    /// and nothing is stored. Devices not listed are left alone.
    /// <value>The default value is empty.</value>
    /// </summary>
    public IList<LoadBalancerDeviceOptions> Devices { get; set; } = [];

    /// <summary>
    /// How long a load balancer or child may stay PENDING_CREATE, PENDING_UPDATE or PENDING_DELETE before the reaper
    /// moves it to ERROR (so it can be deleted).
    /// <value>The default value is 10 minutes.</value>
    /// </summary>
    public TimeSpan PendingTimeout { get; set; } = DefaultPendingTimeout;

    /// <summary>
    /// How often the reaper looks for objects stuck in PENDING_*; <see cref="TimeSpan.Zero"/> turns the timer off (call
    /// the reaper yourself).
    /// <value>The default value is 1 minute.</value>
    /// </summary>
    public TimeSpan ReaperInterval { get; set; } = DefaultReaperInterval;

    /// <summary>
    /// How many in-process agents run device operations (each owns a share of the devices).
    /// <value>The default value is 2.</value>
    /// </summary>
    public int AgentCount { get; set; } = DefaultAgentCount;

    /// <summary>
    /// How often each agent reports a heartbeat, and how often the monitor checks them.
    /// <value>The default value is 30 seconds.</value>
    /// </summary>
    public TimeSpan AgentHeartbeatInterval { get; set; } = DefaultAgentHeartbeatInterval;

    /// <summary>
    /// How long without a heartbeat before an agent is dead: its devices move to a live agent and its unfinished
    /// operations are redone there. Must be longer than <see cref="AgentHeartbeatInterval"/>.
    /// <value>The default value is 75 seconds.</value>
    /// </summary>
    public TimeSpan AgentDeadAfter { get; set; } = DefaultAgentDeadAfter;

    /// <summary>
    /// Re-runs of an LBaaS unit of work that lost a concurrency race (a service unit, a SQL store transaction, a device
    /// registry change), after its first attempt: it runs at most 1 + N times (1-100). Each re-run is counted in
    /// <c>lbaas.retries</c>. The same defaults and rules as ML2's <c>MaxOperationRetries</c>.
    /// <value>The default value is 10.</value>
    /// </summary>
    public int MaxOperationRetries { get; set; } = RetrySettings.DefaultMaxRetries;

    /// <summary>
    /// The delay before the first re-run of an LBaaS unit of work; it doubles with each further re-run up to
    /// <see cref="OperationRetryMaxDelay"/>. Zero re-runs at once. Not negative, not more than the maximum.
    /// <value>The default value is 5 milliseconds.</value>
    /// </summary>
    public TimeSpan OperationRetryDelay { get; set; } = RetrySettings.DefaultDelay;

    /// <summary>
    /// The longest delay between two re-runs of an LBaaS unit of work (more than zero, at most one hour).
    /// <value>The default value is 1 second.</value>
    /// </summary>
    public TimeSpan OperationRetryMaxDelay { get; set; } = RetrySettings.DefaultMaxDelay;

    /// <summary>
    /// Whether the LBaaS retry delays are randomised (decorrelated jitter), so racing writers do not retry in lock-step.
    /// <value>The default value is true.</value>
    /// </summary>
    public bool OperationRetryJitter { get; set; } = true;

    /// <summary>
    /// The directory of the key ring (ASP.NET Core Data Protection) that encrypts device passwords in the SQLite and
    /// PostgreSQL stores (configuration key <c>lbaas:credential_key_ring_directory</c>). Keep it out of the database's
    /// backups, readable only by the controller's account, and shared by every controller instance of one database.
    /// Unset: the SQLite store keeps the key ring next to its file (<c>&lt;file&gt;.keys</c>) and logs a warning at
    /// start; the PostgreSQL store refuses to store a device password (and to start when plain-text passwords written
    /// by an older version are there to encrypt), saying how to configure this. Ignored when an
    /// <see cref="Storage.ISecretProtector"/> is registered (<c>UseSecretProtector</c>); unused by the in-memory store.
    /// <value>The default value is null.</value>
    /// </summary>
    [ConfigurationKeyName("credential_key_ring_directory")]
    public string? CredentialKeyRingDirectory { get; set; }

    /// <summary>The retry settings of the LBaaS retry policy, from the four <c>*OperationRetr*</c> options.</summary>
    internal RetrySettings RetrySettings => new(MaxOperationRetries, OperationRetryDelay, OperationRetryMaxDelay, OperationRetryJitter);
}
