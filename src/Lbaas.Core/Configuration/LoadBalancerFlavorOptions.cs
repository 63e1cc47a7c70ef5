namespace Lbaas.Configuration;

/// <summary>
/// One flavor, as the operator configures it (Octavia's flavor plus its flavor profile): a provider and metadata the
/// provider's driver validates at start (<see cref="Lbaas.ILoadBalancerDriver.ValidateFlavor"/>).
/// </summary>
public sealed class LoadBalancerFlavorOptions
{
    /// <summary>The id users pass as <c>flavor_id</c>; required and unique.</summary>
    public string Id { get; set; } = "";

    /// <summary>A display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>A description.</summary>
    public string Description { get; set; } = "";

    /// <summary>The provider whose driver realises load balancers of this flavor; required.</summary>
    public string Provider { get; set; } = "";

    /// <summary>
    /// The metadata as a JSON object (e.g. <c>{"loadbalancer_topology": "ACTIVE_STANDBY"}</c>), or null for none. From
    /// configuration it may also be a section of keys and values, which is turned into a JSON object of strings.
    /// </summary>
    public string? Metadata { get; set; }

    /// <summary>
    /// Whether users may create load balancers with it.
    /// <value>The default value is true.</value>
    /// </summary>
    public bool Enabled { get; set; } = true;
}
