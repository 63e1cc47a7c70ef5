using Microsoft.Extensions.Configuration;
using Ml2.Model;
using Ml2.Resilience;

namespace Ml2.Configuration;

/// <summary>
/// ML2 options. Configuration keys are Neutron's (<c>type_drivers</c>, <c>tenant_network_types</c>,
/// <c>mechanism_drivers</c>, <c>global_physnet_mtu</c>, ...), so an operator's <c>ml2_conf.ini</c> values carry over.
/// List entries may also be comma-separated strings (<c>"vlan,vxlan"</c>). Every value is validated at start and every
/// problem is reported at once.
/// </summary>
public sealed class Ml2Options
{
    /// <summary>The default configuration section name.</summary>
    public const string SectionName = "ml2";

    /// <summary>The default base MAC.</summary>
    public const string DefaultBaseMac = "fa:16:3e:00:00:00";

    /// <summary>The default physical network MTU.</summary>
    public const int DefaultGlobalPhysnetMtu = 1500;

    /// <summary>
    /// Type drivers to load, by network type (<c>type_drivers</c>).
    /// <value>The default value is every built-in type: local, flat, vlan, gre, vxlan, geneve.</value>
    /// </summary>
    [ConfigurationKeyName("type_drivers")]
    public IList<string> TypeDrivers { get; set; } = [];

    /// <summary>
    /// Network types for tenant networks, tried in order (<c>tenant_network_types</c>).
    /// <value>The default value is <c>local</c>.</value>
    /// </summary>
    [ConfigurationKeyName("tenant_network_types")]
    public IList<string> TenantNetworkTypes { get; set; } = [];

    /// <summary>
    /// Mechanism drivers to call, in order (<c>mechanism_drivers</c>). Empty means every registered driver in
    /// registration order. Every name must be registered.
    /// </summary>
    [ConfigurationKeyName("mechanism_drivers")]
    public IList<string> MechanismDrivers { get; set; } = [];

    /// <summary>Extension drivers, in order (<c>extension_drivers</c>). Empty means every registered one.</summary>
    [ConfigurationKeyName("extension_drivers")]
    public IList<string> ExtensionDrivers { get; set; } = [];

    /// <summary>The network type of external networks created without provider attributes (<c>external_network_type</c>), or null.</summary>
    [ConfigurationKeyName("external_network_type")]
    public string? ExternalNetworkType { get; set; }

    /// <summary>
    /// MTU of the underlying physical networks (<c>global_physnet_mtu</c>); 0 disables.
    /// <value>The default value is 1500.</value>
    /// </summary>
    [ConfigurationKeyName("global_physnet_mtu")]
    public int GlobalPhysnetMtu { get; set; } = DefaultGlobalPhysnetMtu;

    /// <summary>Maximum IP packet size on the overlay path (<c>path_mtu</c>); 0 means <see cref="GlobalPhysnetMtu"/>.</summary>
    [ConfigurationKeyName("path_mtu")]
    public int PathMtu { get; set; }

    /// <summary>Per-physnet MTUs as <c>physnet:mtu</c> entries (<c>physical_network_mtus</c>).</summary>
    [ConfigurationKeyName("physical_network_mtus")]
    public IList<string> PhysicalNetworkMtus { get; set; } = [];

    /// <summary>
    /// IP version of the overlay (tunnel endpoint) network, 4 or 6 (<c>overlay_ip_version</c>).
    /// <value>The default value is 4.</value>
    /// </summary>
    [ConfigurationKeyName("overlay_ip_version")]
    public int OverlayIpVersion { get; set; } = 4;

    /// <summary>
    /// The base MAC for generated port MACs (<c>base_mac</c>); octets given as 00 are randomised.
    /// <value>The default value is <c>fa:16:3e:00:00:00</c>.</value>
    /// </summary>
    [ConfigurationKeyName("base_mac")]
    public string BaseMac { get; set; } = DefaultBaseMac;

    /// <summary>
    /// Whether a port MAC address is unique across every network of the deployment
    /// (<c>unique_mac_addresses_across_networks</c>, an SDK option). Off, as in Neutron, a MAC is unique on its network
    /// only and the same MAC may be used on two networks; on, a MAC used on any network is refused
    /// (<c>MacAddressInUse</c>) and generated MACs never repeat across networks.
    /// <value>The default value is false.</value>
    /// </summary>
    [ConfigurationKeyName("unique_mac_addresses_across_networks")]
    public bool UniqueMacAddressesAcrossNetworks { get; set; }

    /// <summary>Flat type driver options (<c>[ml2_type_flat]</c>).</summary>
    [ConfigurationKeyName("ml2_type_flat")]
    public FlatTypeOptions Flat { get; set; } = new();

    /// <summary>VLAN type driver options (<c>[ml2_type_vlan]</c>).</summary>
    [ConfigurationKeyName("ml2_type_vlan")]
    public VlanTypeOptions Vlan { get; set; } = new();

    /// <summary>VXLAN type driver options (<c>[ml2_type_vxlan]</c>).</summary>
    [ConfigurationKeyName("ml2_type_vxlan")]
    public TunnelTypeOptions Vxlan { get; set; } = new();

    /// <summary>GRE type driver options (<c>[ml2_type_gre]</c>).</summary>
    [ConfigurationKeyName("ml2_type_gre")]
    public TunnelTypeOptions Gre { get; set; } = new();

    /// <summary>Geneve type driver options (<c>[ml2_type_geneve]</c>).</summary>
    [ConfigurationKeyName("ml2_type_geneve")]
    public GeneveTypeOptions Geneve { get; set; } = new();

    /// <summary>The journal for journaled mechanism drivers (<c>[ml2_journal]</c>).</summary>
    [ConfigurationKeyName("ml2_journal")]
    public JournalOptions Journal { get; set; } = new();

    /// <summary>
    /// Maximum binding levels (Neutron's MAX_BINDING_LEVELS).
    /// <value>The default value is 10.</value>
    /// </summary>
    public int MaxBindingLevels { get; set; } = 10;

    /// <summary>
    /// Binding attempts before a port is left <c>binding_failed</c> (Neutron's MAX_BIND_TRIES).
    /// <value>The default value is 10.</value>
    /// </summary>
    public int MaxBindTries { get; set; } = 10;

    /// <summary>
    /// Re-runs of a whole operation that lost an optimistic-concurrency race, after its first attempt: an operation runs
    /// at most 1 + N times (Neutron's DB retry decorator, <c>MAX_RETRIES</c>).
    /// <value>The default value is 10.</value>
    /// </summary>
    public int MaxOperationRetries { get; set; } = RetrySettings.DefaultMaxRetries;

    /// <summary>
    /// The delay before the first re-run of an operation that lost a concurrency race; it doubles with each further
    /// re-run (exponential backoff, as oslo.db's <c>retry_interval</c> with <c>inc_retry_interval</c>), up to
    /// <see cref="OperationRetryMaxDelay"/>. Zero re-runs at once. (LBaaS has its own, <c>LbaasOptions.OperationRetryDelay</c>.)
    /// <value>The default value is 5 milliseconds.</value>
    /// </summary>
    public TimeSpan OperationRetryDelay { get; set; } = RetrySettings.DefaultDelay;

    /// <summary>
    /// The longest delay between two re-runs of an operation (oslo.db's <c>max_retry_interval</c>).
    /// <value>The default value is 1 second.</value>
    /// </summary>
    public TimeSpan OperationRetryMaxDelay { get; set; } = RetrySettings.DefaultMaxDelay;

    /// <summary>
    /// Whether the retry delays are randomised (decorrelated jitter around the exponential curve), so racing writers
    /// do not retry in lock-step (oslo.db's <c>jitter</c>, which Neutron turns on).
    /// <value>The default value is true.</value>
    /// </summary>
    public bool OperationRetryJitter { get; set; } = true;

    /// <summary>The retry settings of <see cref="ConflictRetry"/>, from the four <c>*OperationRetr*</c> options.</summary>
    internal RetrySettings RetrySettings => new(MaxOperationRetries, OperationRetryDelay, OperationRetryMaxDelay, OperationRetryJitter);

    /// <summary>The type drivers in effect: <see cref="TypeDrivers"/> split on commas, or every built-in type when empty.</summary>
    /// <returns>The list.</returns>
    public IReadOnlyList<string> EffectiveTypeDrivers() => TypeDrivers.Count == 0
        ? [NetworkTypes.Local, NetworkTypes.Flat, NetworkTypes.Vlan, NetworkTypes.Gre, NetworkTypes.Vxlan, NetworkTypes.Geneve]
        : ConfigList.Split(TypeDrivers);

    /// <summary>The tenant network types in effect: <see cref="TenantNetworkTypes"/> split on commas, or <c>local</c> when empty.</summary>
    /// <returns>The list.</returns>
    public IReadOnlyList<string> EffectiveTenantNetworkTypes() => TenantNetworkTypes.Count == 0
        ? [NetworkTypes.Local]
        : ConfigList.Split(TenantNetworkTypes);
}
