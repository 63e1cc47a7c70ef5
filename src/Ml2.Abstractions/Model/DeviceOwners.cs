namespace Ml2.Model;

/// <summary>Well-known values of a port's <c>device_owner</c>.</summary>
public static class DeviceOwners
{
    /// <summary>A compute instance (prefix; Nova appends the availability zone).</summary>
    public const string ComputePrefix = "compute:";

    /// <summary>A DHCP server port.</summary>
    public const string Dhcp = "network:dhcp";

    /// <summary>A router interface.</summary>
    public const string RouterInterface = "network:router_interface";

    /// <summary>A load-balancer device port (VIP or member-side wiring).</summary>
    public const string LoadBalancer = "neutron:LOADBALANCERV2";
}
