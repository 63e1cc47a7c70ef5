namespace Ml2.Ipam;

/// <summary>A validated fixed IP request, ready to reserve: a specific address, or any free address of the subnet.</summary>
/// <param name="Subnet">The subnet.</param>
/// <param name="Address">The requested address, or null for any free one.</param>
/// <param name="Id">The pool id of <paramref name="Address"/> (0 when no address).</param>
internal readonly record struct PlannedFixedIp(IpamSubnet Subnet, UInt128? Address, long Id)
{
    /// <summary>The canonical text of the requested address, or null.</summary>
    public string? AddressText => Address is { } a ? Subnet.Cidr.FormatAddress(a) : null;
}
