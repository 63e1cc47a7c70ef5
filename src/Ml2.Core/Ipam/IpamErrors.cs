using System.Globalization;
using Ml2.Exceptions;

namespace Ml2.Ipam;

/// <summary>
/// The IPAM validation errors, with Neutron's wording (neutron-lib exceptions and validators,
/// neutron/db/ipam_backend_mixin.py, neutron/db/db_base_plugin_v2.py) where Neutron has one. Every one is an
/// <see cref="InvalidInputException"/> naming the Neutron attribute and the offending value.
/// </summary>
internal static class IpamErrors
{
    /// <summary>An <c>ip_version</c> other than 4 or 6 (neutron-lib <c>validate_values</c>).</summary>
    public static InvalidInputException InvalidIpVersion(int version) =>
        InvalidInputException.Attribute("ip_version", version, $"{version.ToString(CultureInfo.InvariantCulture)} is not in valid_values");

    /// <summary>An explicit <c>ip_version</c> that differs from the CIDR's (<c>_validate_ip_version</c>).</summary>
    public static InvalidInputException CidrVersionMismatch(string cidr, int ipVersion) =>
        new("ip_version", ipVersion, $"cidr '{ErrorText.Quote(cidr)}' does not match the ip_version '{ipVersion.ToString(CultureInfo.InvariantCulture)}'");

    /// <summary>An address attribute whose IP version differs from the subnet's (<c>_validate_ip_version</c>).</summary>
    public static InvalidInputException VersionMismatch(string field, string value, int ipVersion) =>
        new(field, value, $"{field} '{ErrorText.Quote(value)}' does not match the ip_version '{ipVersion.ToString(CultureInfo.InvariantCulture)}'");

    /// <summary>A /0 subnet (<c>_validate_subnet_cidr</c>).</summary>
    public static InvalidInputException ZeroPrefix(string cidr) =>
        new("cidr", cidr, "0 is not allowed as CIDR prefix length");

    /// <summary>DHCP on an IPv4 /31 or /32 or an IPv6 /127 or /128 (<c>_validate_subnet</c>).</summary>
    public static InvalidInputException PrefixIncompatibleWithDhcp(string cidr) =>
        new("cidr", cidr, "Subnet has a prefix length that is incompatible with DHCP service enabled");

    /// <summary>DHCP on a multicast subnet.</summary>
    public static InvalidInputException MulticastWithDhcp(string cidr) =>
        new("cidr", cidr, "Multicast IP subnet is not supported if enable_dhcp is True");

    /// <summary>DHCP on a loopback subnet.</summary>
    public static InvalidInputException LoopbackWithDhcp(string cidr) =>
        new("cidr", cidr, "Loopback IP subnet is not supported if enable_dhcp is True");

    /// <summary>DHCP on an IPv4 subnet starting at 0.0.0.0.</summary>
    public static InvalidInputException ZeroNetworkWithDhcp(string cidr) =>
        new("cidr", cidr, "First IP '0.0.0.0' of network is not supported if enable_dhcp is True.");

    /// <summary>A gateway outside the subnet, or its IPv4 network/broadcast address.</summary>
    public static InvalidInputException GatewayNotValid(string gateway) =>
        new("gateway_ip", gateway, "Gateway is not valid on subnet");

    /// <summary>Both an explicit gateway and "no gateway" were asked for.</summary>
    public static InvalidInputException GatewayWithNoGateway(string gateway) =>
        new("gateway_ip", gateway, "gateway_ip cannot be given together with no gateway");

    /// <summary>The gateway lies inside an allocation pool (Neutron's GatewayConflictWithAllocationPools, an InUse: 409).</summary>
    public static ConflictException GatewayConflictsWithPool(string gateway, string pool) =>
        ConflictException.OfType("GatewayConflictWithAllocationPools", $"Gateway ip {gateway} conflicts with allocation pool {pool}.", "gateway_ip", gateway);

    /// <summary>A pool of the wrong IP version (Neutron's InvalidAllocationPool, 400).</summary>
    public static InvalidInputException InvalidPool(string pool) =>
        InvalidInputException.OfType("InvalidAllocationPool", "allocation_pools", pool, $"The allocation pool {pool} is not valid.");

    /// <summary>
    /// A pool whose start is after its end (Neutron's InvalidAllocationPool from <c>pools_to_ip_range</c>, which
    /// prints the requested pool as a Python dict).
    /// </summary>
    public static InvalidInputException InvalidPoolRequest(string start, string end) =>
        InvalidInputException.OfType(
            "InvalidAllocationPool",
            "allocation_pools",
            $"{start}-{end}",
            $"The allocation pool {{'start': '{ErrorText.Quote(start)}', 'end': '{ErrorText.Quote(end)}'}} is not valid.");

    /// <summary>A pool entry without start or end (neutron-lib <c>validate_ip_pools</c> / <c>_verify_dict_keys</c>).</summary>
    public static InvalidInputException PoolMissingKeys(string pool, string providedKeys) =>
        InvalidInputException.Attribute("allocation_pools", pool, $"Validation of dictionary's keys failed. Expected keys: {{'start', 'end'}} Provided keys: {providedKeys}");

    /// <summary>A pool reaching outside the usable addresses of the subnet (Neutron's OutOfBoundsAllocationPool, 400).</summary>
    public static InvalidInputException PoolOutOfBounds(string pool, string cidr) =>
        InvalidInputException.OfType("OutOfBoundsAllocationPool", "allocation_pools", pool, $"The allocation pool {pool} spans beyond the subnet cidr {cidr}.");

    /// <summary>Two pools sharing addresses (Neutron's OverlappingAllocationPools, a Conflict: 409).</summary>
    public static ConflictException OverlappingPools(string pool1, string pool2, string cidr) =>
        ConflictException.OfType("OverlappingAllocationPools", $"Found overlapping allocation pools: {pool1} {pool2} for subnet {cidr}.", "allocation_pools", $"{pool1} {pool2}");

    /// <summary>A subnet overlapping another subnet of the network (<c>_validate_subnet_cidr</c>).</summary>
    public static InvalidInputException SubnetOverlap(string cidr, string networkId) =>
        new("cidr", cidr, $"Requested subnet with cidr: {cidr} for network: {networkId} overlaps with another subnet");

    /// <summary>Fixed IPs requested on a network without subnets.</summary>
    public static InvalidInputException NetworkHasNoSubnets() =>
        new("fixed_ips", null, "IP allocation requires subnets for network");

    /// <summary>A fixed IP request with neither subnet nor address.</summary>
    public static InvalidInputException FixedIpNeedsSubnetOrAddress() =>
        new("fixed_ips", null, "IP allocation requires subnet_id or ip_address");

    /// <summary>A fixed IP request naming a subnet that is not on the port's network.</summary>
    public static InvalidInputException SubnetNotOnNetwork(string networkId, string subnetId) =>
        new("fixed_ips", subnetId, $"Failed to create port on network {networkId}, because fixed_ips included invalid subnet {ErrorText.Quote(subnetId)}");

    /// <summary>An address not usable on the named subnet (neutron-lib's InvalidIpForSubnet, 400, from <c>_get_subnet_for_fixed_ip</c>).</summary>
    public static InvalidInputException InvalidIpForSubnet(string ip) =>
        InvalidInputException.OfType("InvalidIpForSubnet", "fixed_ips", ip, $"IP address {ErrorText.Quote(ip)} is not a valid IP for the specified subnet.");

    /// <summary>An address not usable on any subnet of the network (neutron-lib's InvalidIpForNetwork, 400).</summary>
    public static InvalidInputException InvalidIpForNetwork(string ip) =>
        InvalidInputException.OfType("InvalidIpForNetwork", "fixed_ips", ip, $"IP address {ErrorText.Quote(ip)} is not a valid IP for any of the subnets on the specified network.");

    /// <summary>The same address twice in one request (neutron-lib <c>validate_fixed_ips</c>).</summary>
    public static InvalidInputException DuplicateIp(string ip) =>
        InvalidInputException.Attribute("fixed_ips", ip, $"Duplicate IP address '{ErrorText.Quote(ip)}'");

    /// <summary>A fixed IP's <c>subnet_id</c> that is not a UUID (neutron-lib <c>validate_fixed_ips</c> / <c>validate_uuid</c>).</summary>
    public static InvalidInputException SubnetIdNotUuid(string? subnetId) =>
        InvalidInputException.Attribute("fixed_ips", subnetId, $"'{ErrorText.Quote(subnetId)}' is not a valid UUID");

    /// <summary>
    /// A requested address already allocated on its subnet (Neutron's reference IPAM driver: <c>IpAddressAlreadyAllocated</c>,
    /// a Conflict: 409, "IP address X already allocated in subnet S").
    /// </summary>
    public static ConflictException IpAddressAlreadyAllocated(string ip, string subnetId) =>
        ConflictException.OfType("IpAddressAlreadyAllocated", $"IP address {ip} already allocated in subnet {subnetId}", "fixed_ips", ip);

    /// <summary>The subnet's gateway requested by a port that is not a router port (stricter than Neutron).</summary>
    public static InvalidInputException GatewayIpRequested(string ip, string subnetId) =>
        new("fixed_ips", ip, $"IP address {ip} is the gateway of subnet {subnetId} and can only be used by a router port");

    /// <summary>An address of a subnet larger than /64 beyond the first 2^64 addresses (cannot be tracked).</summary>
    public static InvalidInputException AddressNotTrackable(string ip, string cidr) =>
        new("fixed_ips", ip, $"IP address {ip} cannot be allocated: only the first 2^64 addresses of subnet {cidr} can be used");

    /// <summary>A malformed, all-zero, broadcast or multicast MAC (neutron-lib <c>validate_mac_address</c>).</summary>
    public static InvalidInputException InvalidMac(string? mac) =>
        InvalidInputException.Attribute("mac_address", mac, $"'{ErrorText.Quote(mac)}' is not a valid MAC address");
}
