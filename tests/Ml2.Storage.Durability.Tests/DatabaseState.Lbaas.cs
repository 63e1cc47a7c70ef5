using Lbaas;

namespace Ml2.Storage.Durability.Tests;

/// <summary>The LBaaS checks over the stored load balancers, devices, claims and load-balancer ports.</summary>
public sealed partial class DatabaseState
{
    /// <summary>
    /// The LBaaS problems once every process has finished and settled (empty when none):
    /// <list type="bullet">
    /// <item>capacity: per device, its claims number at most its <see cref="DeviceCapacity.MaxVips"/> and use at most
    /// <see cref="DeviceCapacity.MaxNetworks"/> distinct networks (VIP and member networks);</item>
    /// <item>no load balancer claimed twice on one device; every claim on a stored device, its row's load-balancer id
    /// equal to its body's;</item>
    /// <item>claims and load balancers match both ways: every claim belongs to a stored load balancer, every stored load
    /// balancer is ACTIVE and holds exactly one claim per device in its <see cref="LoadBalancer.DeviceIds"/> (one device
    /// for SINGLE, two in different clusters for ACTIVE_STANDBY), with its VIP and member networks;</item>
    /// <item>the acknowledged operations: exactly the load balancers acknowledged as created and not acknowledged as
    /// deleted are stored, on the devices their create returned;</item>
    /// <item>ports: each load balancer has exactly one VIP port (its <see cref="LoadBalancer.VipPortId"/>, with its VIP
    /// address), no VIP port is left of a deleted load balancer, and no device keeps a device port on a network none
    /// of its claims uses (see <see cref="FindDevicePortRaces"/> for the other direction).</item>
    /// </list>
    /// </summary>
    /// <remarks>
    /// Why only at the end: while operations are in flight, claims and load balancers legitimately differ in both
    /// directions. A create claims capacity (<c>TryClaimAsync</c>) before it inserts the load balancer, and a finished
    /// delete releases the claims before it removes the load balancer (PENDING_DELETE with fewer claims than devices),
    /// so a snapshot taken mid-race can show a claim without its load balancer and a load balancer without its claims.
    /// Each process prints <c>OK create_lb</c> only once the load balancer left PENDING_CREATE and <c>OK delete_lb</c>
    /// only once it is gone, so when both processes have exited nothing is pending and the two sets must be equal.
    /// Deletes that race (both processes delete one load balancer) end with one <c>OK delete_lb</c> and one
    /// <c>NO delete_lb ... ImmutableObjectException</c> (it was PENDING_DELETE) or <c>ResourceNotFoundException</c>.
    /// </remarks>
    public List<string> FindLoadBalancingProblems(OperationLog log)
    {
        var problems = new List<string>();
        var devices = Devices.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var loadBalancers = LoadBalancers.ToDictionary(lb => lb.Id, StringComparer.Ordinal);
        Duplicates("load balancer", LoadBalancers.Select(lb => lb.Id), problems);
        Duplicates("claim (device, load balancer)", Claims.Select(c => $"{c.DeviceId}/{c.LoadBalancerId}"), problems);

        foreach (var (deviceId, claims) in Claims.GroupBy(c => c.DeviceId, StringComparer.Ordinal).Select(g => (g.Key, g.ToList())))
        {
            if (!devices.TryGetValue(deviceId, out var device))
            {
                problems.Add($"{claims.Count} claim(s) on missing device {deviceId}");
                continue;
            }

            if (claims.Count > device.Capacity.MaxVips)
            {
                problems.Add($"device {deviceId} holds {claims.Count} claims, over its {device.Capacity.MaxVips} VIPs");
            }

            var networks = claims.SelectMany(c => new[] { c.Claim.VipNetworkId, c.Claim.MemberNetworkId }).OfType<string>().Distinct(StringComparer.Ordinal).Count();
            if (networks > device.Capacity.MaxNetworks)
            {
                problems.Add($"device {deviceId} claims use {networks} networks, over its {device.Capacity.MaxNetworks}");
            }
        }

        foreach (var (deviceId, loadBalancerId, claim) in Claims)
        {
            if (claim.LoadBalancerId != loadBalancerId)
            {
                problems.Add($"claim row {deviceId}/{loadBalancerId} holds a claim of {claim.LoadBalancerId}");
            }

            if (!loadBalancers.TryGetValue(loadBalancerId, out var lb))
            {
                problems.Add($"device {deviceId} holds a claim of missing load balancer {loadBalancerId} (a leaked claim)");
            }
            else if (claim.VipNetworkId != lb.VipNetworkId || claim.MemberNetworkId != lb.MemberNetworkId)
            {
                problems.Add($"claim {deviceId}/{loadBalancerId} is for networks {claim.VipNetworkId}+{claim.MemberNetworkId}, the load balancer uses {lb.VipNetworkId}+{lb.MemberNetworkId}");
            }
        }

        var claimsByLoadBalancer = Claims.ToLookup(c => c.LoadBalancerId, c => c.DeviceId, StringComparer.Ordinal);
        foreach (var lb in LoadBalancers)
        {
            if (lb.ProvisioningStatus != ProvisioningStatus.Active)
            {
                problems.Add($"load balancer {lb.Id} is {lb.ProvisioningStatus} after every process settled");
            }

            var expectedDevices = lb.Topology == LoadBalancerTopologies.ActiveStandby ? 2 : 1;
            if (lb.DeviceIds.Count != expectedDevices || lb.DeviceIds.Distinct(StringComparer.Ordinal).Count() != expectedDevices)
            {
                problems.Add($"load balancer {lb.Id} ({lb.Topology}) is on devices [{string.Join(",", lb.DeviceIds)}]");
            }
            else if (expectedDevices == 2 && lb.DeviceIds.Select(d => devices.GetValueOrDefault(d)?.ClusterId).Distinct(StringComparer.Ordinal).Count() != 2)
            {
                problems.Add($"load balancer {lb.Id} (ACTIVE_STANDBY) has both devices [{string.Join(",", lb.DeviceIds)}] in one cluster");
            }

            var claimed = claimsByLoadBalancer[lb.Id].Order(StringComparer.Ordinal).ToList();
            if (!claimed.SequenceEqual(lb.DeviceIds.Order(StringComparer.Ordinal)))
            {
                problems.Add($"load balancer {lb.Id} is on devices [{string.Join(",", lb.DeviceIds)}] but claimed on [{string.Join(",", claimed)}]");
            }
        }

        var live = log.LiveLoadBalancers.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (id, ackedDevices) in live)
        {
            if (!loadBalancers.TryGetValue(id, out var lb))
            {
                problems.Add($"acknowledged load balancer {id} is missing");
            }
            else if (!lb.DeviceIds.SequenceEqual(ackedDevices))
            {
                problems.Add($"load balancer {id} is on [{string.Join(",", lb.DeviceIds)}], acknowledged on [{string.Join(",", ackedDevices)}]");
            }
        }

        problems.AddRange(loadBalancers.Keys.Where(id => !live.ContainsKey(id)).Select(id => log.DeletedLoadBalancers.Contains(id)
            ? $"load balancer {id} was deleted (acknowledged) but is present"
            : $"load balancer {id} is present but was never acknowledged as created"));

        var lbPorts = Ports.Where(IsLoadBalancerPort).ToList();
        foreach (var lb in LoadBalancers)
        {
            var vipPorts = lbPorts.Where(p => p.DeviceId == lb.Id).ToList();
            if (vipPorts.Count != 1)
            {
                problems.Add($"load balancer {lb.Id} has {vipPorts.Count} VIP ports");
            }
            else if (vipPorts[0].Id != lb.VipPortId || vipPorts[0].NetworkId != lb.VipNetworkId || vipPorts[0].FixedIps.Count != 1 || vipPorts[0].FixedIps[0].IpAddress != lb.VipAddress)
            {
                problems.Add($"load balancer {lb.Id} records VIP port {lb.VipPortId} {lb.VipAddress}, its port is {vipPorts[0].Id} {string.Join(",", vipPorts[0].FixedIps.Select(ip => ip.IpAddress))}");
            }
        }

        foreach (var port in lbPorts.Where(p => !loadBalancers.ContainsKey(p.DeviceId) && !devices.ContainsKey(p.DeviceId)))
        {
            problems.Add($"load-balancer port {port.Id} ({port.Name}) belongs to neither a load balancer nor a device (left of a deleted load balancer)");
        }

        foreach (var device in Devices)
        {
            var used = Claims.Where(c => c.DeviceId == device.Id)
                .SelectMany(c => new[] { c.Claim.VipNetworkId, c.Claim.MemberNetworkId }).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var wired = lbPorts.Where(p => p.DeviceId == device.Id).GroupBy(p => p.NetworkId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            foreach (var network in wired.Keys.Where(n => !used.Contains(n)))
            {
                problems.Add($"device {device.Id} still has {wired[network]} device port(s) on network {network}, which no claim of it uses");
            }
        }

        return problems;
    }

    /// <summary>
    /// Devices without exactly one device port on a network their claims use (missing, or created twice): what two
    /// instances wiring one device at once would leave. The device's wiring lease in the state store prevents it.
    /// </summary>
    public List<string> FindDevicePortRaces()
    {
        var problems = new List<string>();
        var lbPorts = Ports.Where(IsLoadBalancerPort).ToList();
        foreach (var device in Devices)
        {
            var used = Claims.Where(c => c.DeviceId == device.Id)
                .SelectMany(c => new[] { c.Claim.VipNetworkId, c.Claim.MemberNetworkId }).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var network in used)
            {
                var count = lbPorts.Count(p => p.DeviceId == device.Id && p.NetworkId == network);
                if (count != 1)
                {
                    problems.Add($"device {device.Id} has {count} device ports on network {network}, which its claims use");
                }
            }
        }

        return problems;
    }
}
