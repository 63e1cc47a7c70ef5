namespace Lbaas.Wiring;

/// <summary>
/// How load balancers are wired into networks through ML2. Configure with
/// <c>services.Configure&lt;DeviceWiringOptions&gt;(o =&gt; o.ServiceProjectId = "service")</c>.
/// </summary>
public sealed class DeviceWiringOptions
{
    /// <summary>The default <see cref="ServiceProjectId"/>.</summary>
    public const string DefaultServiceProjectId = "admin";

    /// <summary>
    /// The operator's project that owns the devices' data ports (<c>lb-device-{deviceId}-{networkId}</c>). The device
    /// belongs to the operator, not to any one load balancer's project, and its ports outlive each load balancer; so
    /// they are created by an administrator acting in this project (as Octavia's amphora ports belong to its service
    /// project). VIP ports belong to the load balancer's own project.
    /// </summary>
    /// <value>The default value is <c>admin</c>.</value>
    public string ServiceProjectId { get; set; } = DefaultServiceProjectId;

    /// <summary>
    /// How long one controller instance may hold a device's wiring lease (taken in the LBaaS state store while it
    /// creates or removes the device's ports, so two instances never wire the same device at once) before another
    /// instance may take it over - the bound on how long a crashed instance blocks the device.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan WiringLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}
