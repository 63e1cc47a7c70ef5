using Ml2.Model;

namespace Ml2.Ipam;

/// <summary>A subnet with its parsed CIDR, gateway and pool name, so one allocation parses each subnet once.</summary>
/// <param name="Subnet">The subnet.</param>
/// <param name="Cidr">Its CIDR.</param>
/// <param name="Gateway">Its gateway, or null.</param>
internal sealed record IpamSubnet(Subnet Subnet, IpCidr Cidr, UInt128? Gateway)
{
    /// <summary>The subnet id.</summary>
    public string Id => Subnet.Id;

    /// <summary>The pool name <c>ip:{subnetId}</c>.</summary>
    public string Pool { get; } = IpPoolMapping.PoolName(Subnet.Id);

    /// <summary>Parses a stored subnet.</summary>
    /// <param name="subnet">The subnet.</param>
    /// <returns>The parsed subnet.</returns>
    public static IpamSubnet Of(Subnet subnet)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        var cidr = IpCidr.Parse(subnet.Cidr);
        UInt128? gateway = subnet.GatewayIp is null
            ? null
            : IpAddressMath.ToUInt128(IpAddressText.ParseAddress(subnet.GatewayIp, "gateway_ip"));
        return new IpamSubnet(subnet, cidr, gateway);
    }

    /// <summary>The fixed IP of an address of this subnet.</summary>
    /// <param name="value">The address.</param>
    /// <returns>The fixed IP with the canonical address.</returns>
    public FixedIp ToFixedIp(UInt128 value) => new(Subnet.Id, Cidr.FormatAddress(value));
}
