using Microsoft.Extensions.Logging;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Lbaas.Wiring;

/// <summary>
/// The VIP port of a load balancer: one per load balancer, in its project, on the VIP network, unbound (it only holds
/// the address the devices answer for). Found again by its id or attributes, so a rewire reuses it and keeps the address.
/// </summary>
internal sealed partial class DeviceWiring
{
    /// <summary>The name of a load balancer's VIP port.</summary>
    public static string VipPortName(string loadBalancerId) => $"lb-vip-{loadBalancerId}";

    private static CallerContext VipCaller(LoadBalancer loadBalancer) => new(loadBalancer.TenantId, IsAdmin: true);

    private static bool IsVipPortOf(Port port, LoadBalancer loadBalancer) =>
        string.Equals(port.DeviceOwner, DeviceOwners.LoadBalancer, StringComparison.Ordinal)
        && string.Equals(port.DeviceId, loadBalancer.Id, StringComparison.Ordinal)
        && string.Equals(port.NetworkId, loadBalancer.VipNetworkId, StringComparison.Ordinal);

    private async ValueTask<(Port Port, string Address)> EnsureVipPortAsync(
        LoadBalancer loadBalancer, List<(string PortId, CallerContext Caller)> created, CancellationToken cancellationToken)
    {
        var caller = VipCaller(loadBalancer);
        var existing = await FindVipPortsAsync(caller, loadBalancer, cancellationToken).ConfigureAwait(false);
        if (existing.Count > 0)
        {
            var reused = existing[0];
            var address = VipAddressOf(reused, loadBalancer);
            Log.VipPortReused(_logger, reused.Id, loadBalancer.Id, address);
            return (reused, address);
        }

        FixedIpRequest fixedIp;
        if (!string.IsNullOrEmpty(loadBalancer.VipSubnetId) || !string.IsNullOrEmpty(loadBalancer.VipAddress))
        {
            // A known VIP address is asked for again (a rewire after a failover keeps the address).
            fixedIp = new FixedIpRequest(NullIfEmpty(loadBalancer.VipSubnetId), NullIfEmpty(loadBalancer.VipAddress));
        }
        else
        {
            fixedIp = new FixedIpRequest(await ChooseVipSubnetAsync(caller, loadBalancer.VipNetworkId, cancellationToken).ConfigureAwait(false));
        }

        var port = await _ml2.CreatePortAsync(caller, new PortCreateRequest
        {
            NetworkId = loadBalancer.VipNetworkId,
            TenantId = loadBalancer.TenantId,
            Name = VipPortName(loadBalancer.Id),
            DeviceId = loadBalancer.Id,
            DeviceOwner = DeviceOwners.LoadBalancer,
            FixedIps = [fixedIp],
        }, cancellationToken).ConfigureAwait(false);
        created.Add((port.Id, caller));
        var vipAddress = VipAddressOf(port, loadBalancer);
        Log.VipPortCreated(_logger, port.Id, loadBalancer.Id, loadBalancer.VipNetworkId, vipAddress);
        return (port, vipAddress);
    }

    /// <summary>The load balancer's VIP ports: its <see cref="LoadBalancer.VipPortId"/> if that port is ours, then any other found by attributes.</summary>
    private async ValueTask<List<Port>> FindVipPortsAsync(CallerContext caller, LoadBalancer loadBalancer, CancellationToken cancellationToken)
    {
        var result = new List<Port>();
        if (!string.IsNullOrEmpty(loadBalancer.VipPortId))
        {
            try
            {
                var port = await _ml2.GetPortAsync(caller, loadBalancer.VipPortId, cancellationToken).ConfigureAwait(false);
                if (IsVipPortOf(port, loadBalancer))
                {
                    result.Add(port);
                }
                else
                {
                    // Never adopt (or later delete) a port this wiring did not make.
                    Log.VipPortIdNotOwned(_logger, loadBalancer.VipPortId, loadBalancer.Id, port.DeviceOwner, port.DeviceId);
                }
            }
            catch (ResourceNotFoundException)
            {
                // Gone: found again below or created anew.
            }
        }

        var filter = ListFilter.Where("device_id", loadBalancer.Id)
            .And("device_owner", DeviceOwners.LoadBalancer)
            .And("network_id", loadBalancer.VipNetworkId);
        foreach (var port in await _ml2.ListPortsAsync(caller, filter, cancellationToken).ConfigureAwait(false))
        {
            if (!result.Exists(p => string.Equals(p.Id, port.Id, StringComparison.Ordinal)))
            {
                result.Add(port);
            }
        }

        return result;
    }

    /// <summary>Any subnet of the VIP network, IPv4 first, in ML2's order.</summary>
    private async ValueTask<string> ChooseVipSubnetAsync(CallerContext caller, string networkId, CancellationToken cancellationToken)
    {
        var subnets = await _ml2.ListSubnetsAsync(caller, ListFilter.Where("network_id", networkId), cancellationToken).ConfigureAwait(false);
        var chosen = subnets.FirstOrDefault(s => s.IpVersion == 4) ?? (subnets.Count > 0 ? subnets[0] : null);
        return chosen?.Id ?? throw new InvalidInputException(
            "vip_network_id", networkId, $"Network {networkId} has no subnet to allocate the VIP address from");
    }

    private static string VipAddressOf(Port port, LoadBalancer loadBalancer)
    {
        var fixedIp = (string.IsNullOrEmpty(loadBalancer.VipSubnetId)
                          ? null
                          : port.FixedIps.FirstOrDefault(ip => string.Equals(ip.SubnetId, loadBalancer.VipSubnetId, StringComparison.Ordinal)))
                      ?? (port.FixedIps.Count > 0 ? port.FixedIps[0] : null);
        return fixedIp?.IpAddress ?? throw new ConflictException(
            $"VIP port {port.Id} of load balancer {loadBalancer.Id} has no fixed IP.");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
