using System.Collections.Frozen;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Ipam;

/// <summary>
/// The store-free half of fixed IP allocation: parses and checks a port's fixed IP requests against its network's
/// subnets and decides what each one asks for (Neutron's ipam_backend_mixin.py and neutron-lib's
/// <c>validate_fixed_ips</c>). <see cref="IpAllocator"/> then reserves the plans through <see cref="IpReservations"/>.
/// <list type="bullet">
/// <item>Every request is checked before anything is reserved: subnet on the network, address parsable and valid on the
/// subnet (in the CIDR; not the IPv4 network/broadcast address of a /30-or-shorter subnet; not the IPv6 subnet-router
/// anycast address unless a router port), not the gateway unless a router port (stricter than Neutron), no duplicates.
/// An address outside the allocation pools but inside the CIDR is allowed, as in Neutron.</item>
/// <item>On an update (Neutron's <c>_get_changed_ips_for_port</c>) a requested address the port already has is kept; a
/// subnet-only request is satisfied by an address the port already has on that subnet (not claimed by another entry);
/// other requests are new; current addresses no entry claims are released.</item>
/// </list>
/// </summary>
internal static class FixedIpPlanner
{
    /// <summary>
    /// Device owners that may take a subnet's gateway and the IPv6 subnet-router anycast address (neutron-lib's
    /// ROUTER_PORT_OWNERS).
    /// </summary>
    public static readonly FrozenSet<string> RouterPortOwners = new[]
    {
        "network:router_interface",
        "network:ha_router_replicated_interface",
        "network:router_interface_distributed",
        "network:router_centralized_snat",
        "network:router_gateway",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// neutron-lib's <c>validate_fixed_ips</c>, as Neutron's API layer runs it before the plugin: per entry, the address
    /// is valid and not repeated, and a <c>subnet_id</c> is a UUID (<c>HTTPBadRequest</c> on <c>fixed_ips</c>).
    /// </summary>
    /// <param name="requested">The requested fixed IPs, or null.</param>
    /// <exception cref="Exceptions.InvalidInputException">An entry is invalid.</exception>
    public static void ValidateRequests(IReadOnlyList<FixedIpRequest>? requested)
    {
        if (requested is null)
        {
            return;
        }

        _ = ParseAddresses(requested);
        foreach (var request in requested)
        {
            if (request?.SubnetId is { } subnetId && !IsUuidLike(subnetId))
            {
                throw IpamErrors.SubnetIdNotUuid(subnetId);
            }
        }
    }

    /// <summary>Parses every requested address and refuses duplicates (neutron-lib <c>validate_fixed_ips</c>).</summary>
    /// <param name="requested">The requested fixed IPs.</param>
    /// <returns>Per request, its address and IP version, or null for a subnet-only request.</returns>
    /// <exception cref="Exceptions.InvalidInputException">An entry is null, an address invalid or repeated.</exception>
    public static (UInt128 Value, int Version)?[] ParseAddresses(IReadOnlyList<FixedIpRequest> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var result = new (UInt128 Value, int Version)?[requested.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requested.Count; i++)
        {
            var request = requested[i];
            if (request is null)
            {
                throw IpamErrors.FixedIpNeedsSubnetOrAddress();
            }

            if (request.IpAddress is not null)
            {
                var address = IpAddressText.ParseAddress(request.IpAddress, "fixed_ips");
                if (!seen.Add(IpAddressText.Format(address)))
                {
                    throw IpamErrors.DuplicateIp(request.IpAddress);
                }

                result[i] = (IpAddressMath.ToUInt128(address), IpAddressMath.VersionOf(address));
            }
        }

        return result;
    }

    /// <summary>Plans the fixed IPs of a new port: one plan per request, in request order.</summary>
    /// <param name="networkId">The port's network.</param>
    /// <param name="subnets">Every subnet of the network.</param>
    /// <param name="requested">The requested fixed IPs.</param>
    /// <param name="addresses">The requests' addresses (<see cref="ParseAddresses"/>).</param>
    /// <param name="deviceOwner">The port's device owner; router ports may take the gateway address.</param>
    /// <returns>The plans.</returns>
    /// <exception cref="Exceptions.InvalidInputException">A request is invalid.</exception>
    public static PlannedFixedIp[] Plan(
        string networkId, IpamSubnet[] subnets, IReadOnlyList<FixedIpRequest> requested, (UInt128 Value, int Version)?[] addresses, string? deviceOwner)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(addresses);
        var plans = new PlannedFixedIp[requested.Count];
        for (var i = 0; i < requested.Count; i++)
        {
            plans[i] = Resolve(networkId, subnets, requested[i], addresses[i], deviceOwner);
        }

        return plans;
    }

    /// <summary>Plans a change of a port's fixed IPs (see the class remarks): what is kept, what is new, what is released.</summary>
    /// <param name="networkId">The port's network.</param>
    /// <param name="subnets">Every subnet of the network.</param>
    /// <param name="current">The port's current fixed IPs.</param>
    /// <param name="requested">The requested fixed IPs.</param>
    /// <param name="addresses">The requests' addresses (<see cref="ParseAddresses"/>).</param>
    /// <param name="deviceOwner">The port's device owner; router ports may take the gateway address.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="Exceptions.InvalidInputException">A new request is invalid.</exception>
    public static FixedIpUpdatePlan PlanUpdate(
        string networkId,
        IpamSubnet[] subnets,
        IReadOnlyList<FixedIp> current,
        IReadOnlyList<FixedIpRequest> requested,
        (UInt128 Value, int Version)?[] addresses,
        string? deviceOwner)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(addresses);

        // Unclaimed current addresses, keyed by canonical text (current order kept for subnet matching).
        var unclaimed = new List<(string Key, FixedIp Ip)>(current.Count);
        foreach (var ip in current)
        {
            var key = IpAddressText.TryParseAddress(ip.IpAddress, out var parsed, out _) ? IpAddressText.Format(parsed) : ip.IpAddress;
            unclaimed.Add((key, ip));
        }

        var result = new FixedIp?[requested.Count];

        // Entries with an address first: keep the address if the port has it (on the requested subnet, if one is named).
        for (var i = 0; i < requested.Count; i++)
        {
            if (addresses[i] is not { } address)
            {
                continue;
            }

            var key = IpAddressText.Format(address.Value, address.Version);
            var index = unclaimed.FindIndex(u => string.Equals(u.Key, key, StringComparison.Ordinal)
                && (requested[i].SubnetId is null || string.Equals(requested[i].SubnetId, u.Ip.SubnetId, StringComparison.Ordinal)));
            if (index >= 0)
            {
                result[i] = unclaimed[index].Ip;
                unclaimed.RemoveAt(index);
            }
        }

        // Then subnet-only entries: reuse an unclaimed address of the port on that subnet.
        for (var i = 0; i < requested.Count; i++)
        {
            if (addresses[i] is not null || requested[i].SubnetId is not { } subnetId)
            {
                continue;
            }

            var index = unclaimed.FindIndex(u => string.Equals(u.Ip.SubnetId, subnetId, StringComparison.Ordinal));
            if (index >= 0)
            {
                result[i] = unclaimed[index].Ip;
                unclaimed.RemoveAt(index);
            }
        }

        // Everything else is new: validate it all.
        var newIndexes = new List<int>();
        var plans = new List<PlannedFixedIp>();
        for (var i = 0; i < requested.Count; i++)
        {
            if (result[i] is null)
            {
                newIndexes.Add(i);
                plans.Add(Resolve(networkId, subnets, requested[i], addresses[i], deviceOwner));
            }
        }

        return new FixedIpUpdatePlan(result, newIndexes, plans, unclaimed.Select(u => u.Ip));
    }

    /// <summary>Finds and checks the subnet of one request (Neutron's <c>_get_subnet_for_fixed_ip</c>), plus the gateway rule.</summary>
    private static PlannedFixedIp Resolve(
        string networkId, IpamSubnet[] subnets, FixedIpRequest request, (UInt128 Value, int Version)? parsed, string? deviceOwner)
    {
        if (subnets.Length == 0)
        {
            throw IpamErrors.NetworkHasNoSubnets();
        }

        var routerPort = deviceOwner is not null && RouterPortOwners.Contains(deviceOwner);
        var address = parsed?.Value;
        var version = parsed?.Version ?? 0;
        IpamSubnet? subnet;
        if (request.SubnetId is { } subnetId)
        {
            subnet = Array.Find(subnets, s => string.Equals(s.Id, subnetId, StringComparison.Ordinal))
                ?? throw IpamErrors.SubnetNotOnNetwork(networkId, subnetId);
            if (address is { } a && !IsValidOnSubnet(subnet, a, version, routerPort))
            {
                throw IpamErrors.InvalidIpForSubnet(request.IpAddress!);
            }
        }
        else if (address is not { } a)
        {
            throw IpamErrors.FixedIpNeedsSubnetOrAddress();
        }
        else
        {
            subnet = Array.Find(subnets, s => IsValidOnSubnet(s, a, version, routerPort))
                ?? throw IpamErrors.InvalidIpForNetwork(request.IpAddress!);
        }

        if (address is not { } value)
        {
            return new PlannedFixedIp(subnet, null, 0);
        }

        if (subnet.Gateway == value && !routerPort)
        {
            throw IpamErrors.GatewayIpRequested(subnet.Cidr.FormatAddress(value), subnet.Id);
        }

        if (!IpPoolMapping.TryToId(subnet.Cidr, value, out var id))
        {
            throw IpamErrors.AddressNotTrackable(subnet.Cidr.FormatAddress(value), subnet.Cidr.ToString());
        }

        return new PlannedFixedIp(subnet, value, id);
    }

    /// <summary>Whether an address may be requested on a subnet (Neutron's <c>check_subnet_ip</c>).</summary>
    private static bool IsValidOnSubnet(IpamSubnet subnet, UInt128 value, int version, bool routerPort)
    {
        var cidr = subnet.Cidr;
        if (version != cidr.Version || !cidr.Contains(value))
        {
            return false;
        }

        if (cidr.HasIpv4NetworkAndBroadcast)
        {
            return value != cidr.First && value != cidr.Last;
        }

        return cidr.Version == 4 || routerPort || value != cidr.First || cidr.HostBits == 0;
    }

    /// <summary>oslo's <c>is_uuid_like</c> (hyphens, braces and a urn:uuid: prefix allowed).</summary>
    private static bool IsUuidLike(string value)
    {
        if (value.Length is 0 or > 64)
        {
            return false;
        }

        var text = value.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) ? value[9..] : value;
        text = text.Trim('{', '}').Replace("-", "", StringComparison.Ordinal);
        return text.Length == 32 && text.All(char.IsAsciiHexDigit);
    }
}
