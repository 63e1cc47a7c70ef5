using Lbaas;

namespace Ml2.Samples.RestHost.Drivers;

/// <summary>
/// A vendor load-balancer driver for an imaginary appliance: it would translate each operation into calls to the
/// device's API; here every operation succeeds at once, so objects go from PENDING_* to ACTIVE.
/// </summary>
public sealed class SampleApplianceDriver : ILoadBalancerDriver
{
    /// <summary>The driver's name (the third field of a <c>providers</c> entry).</summary>
    public const string DriverName = "sample-appliance";

    /// <inheritdoc />
    public string Name => DriverName;

    /// <inheritdoc />
    public LoadBalancerDriverCapabilities Capabilities { get; } = new()
    {
        Kind = DeviceKind.Physical,
        MaxVipsPerDevice = 256,
        MaxNetworksPerInterface = 64,
        Topologies = new HashSet<string> { LoadBalancerTopologies.Single, LoadBalancerTopologies.ActiveStandby },
    };
}
