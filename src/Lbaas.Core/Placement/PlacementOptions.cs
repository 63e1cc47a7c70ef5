namespace Lbaas.Placement;

/// <summary>
/// How the scheduler places load balancers on devices (configuration section <c>lbaas:placement</c>). Validated at
/// start; every unknown policy name and bad value is reported at once.
/// </summary>
public sealed class PlacementOptions
{
    /// <summary>The default <see cref="MaxClaimRetries"/>: 10 (OpenStack Placement's retry count on generation conflicts).</summary>
    public const int DefaultMaxClaimRetries = 10;

    /// <summary>The default <see cref="MinFeasibleDevices"/>: 32.</summary>
    public const int DefaultMinFeasibleDevices = 32;

    /// <summary>
    /// The policies to apply, by name (<see cref="PlacementPolicyNames"/> or a host policy's name; case-insensitive).
    /// Built-in filters run first, cheapest first; the others run in the listed order. Empty means the default set:
    /// every built-in filter, every policy the host registered, and the scorers <c>least_loaded</c>,
    /// <c>same_tenant</c>, <c>wired_to_vip_network</c> and <c>wired_to_member_network</c>.
    /// </summary>
    public IList<string> EnabledPolicies { get; set; } = [];

    /// <summary>
    /// Weights of scoring policies by name (case-insensitive), finite and not negative; a policy without a weight
    /// weighs 1. A device's total is the weighted mean of its scores, so it stays in [0, 1]. Built-in filters do not
    /// score and take no weight; give a host policy that only filters a weight of 0 so it does not dilute the total.
    /// </summary>
    public IDictionary<string, double> Weights { get; set; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// 1 always takes the best device (ties broken at random); k &gt; 1 picks at random among the k best, so
    /// concurrent schedulers do not all pile onto the same device (Nova's <c>host_subset_size</c>).
    /// <value>The default value is 1.</value>
    /// </summary>
    public int TopK { get; set; } = 1;

    /// <summary>
    /// Lets the provider's load-balancer driver choose among the accepted devices
    /// (<see cref="Lbaas.ILoadBalancerDriver.ChooseDevice"/>), best first as scored.
    /// <value>The default value is false.</value>
    /// </summary>
    public bool DriverChoosesDevice { get; set; }

    /// <summary>
    /// When every device is rejected, asks the provider's <see cref="Lbaas.IDeviceProvisioner"/> (if any) for a new
    /// device, registers it and places again.
    /// <value>The default value is true.</value>
    /// </summary>
    public bool AllowProvisioning { get; set; } = true;

    /// <summary>
    /// How many lost capacity claims (another placement changed the device first) one placement tolerates before it
    /// gives up with a <see cref="Ml2.Exceptions.ConcurrencyConflictException"/>; 1-100.
    /// <value>The default value is 10.</value>
    /// </summary>
    public int MaxClaimRetries { get; set; } = DefaultMaxClaimRetries;

    /// <summary>
    /// The bounded search: placement judges the devices already wired into the request's networks, hosting its
    /// project or private to it, plus least-loaded devices of the provider until it has found this many that pass every
    /// filter (Kubernetes' <c>minFeasibleNodesToFind</c>), instead of every device. When the bounded set holds no
    /// fitting device, every device is judged before placement gives up, so "no device fits" is always true. Fleets of
    /// at most twice this many devices are always judged whole; 0 judges every device on every placement.
    /// <value>The default value is 32.</value>
    /// </summary>
    public int MinFeasibleDevices { get; set; } = DefaultMinFeasibleDevices;
}
