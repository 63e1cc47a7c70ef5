namespace Lbaas;

/// <summary>What a vendor's devices can do, as its driver declares.</summary>
public sealed record LoadBalancerDriverCapabilities
{
    /// <summary>Physical appliances or virtual ones.</summary>
    public DeviceKind Kind { get; init; } = DeviceKind.Physical;

    /// <summary>The most VIPs one device can host (a device's own capacity may be lower).</summary>
    public int MaxVipsPerDevice { get; init; } = int.MaxValue;

    /// <summary>The most networks (VLANs) one interface can be wired into.</summary>
    public int MaxNetworksPerInterface { get; init; } = int.MaxValue;

    /// <summary>Whether devices can host the same VIP address for different projects.</summary>
    public bool SupportsOverlappingIps { get; init; }

    /// <summary>The topologies supported (<see cref="LoadBalancerTopologies"/>).</summary>
    public IReadOnlySet<string> Topologies { get; init; } = new HashSet<string>(StringComparer.Ordinal) { LoadBalancerTopologies.Single };
}
