using System.Text.Json;
using Lbaas.Agents;
using Lbaas.Devices;
using Lbaas.Diagnostics;
using Lbaas.Placement;
using Lbaas.Providers;
using Lbaas.Storage;
using Lbaas.Wiring;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Plugin;

namespace Lbaas.Service;

internal sealed partial class LoadBalancerService
{
    /// <summary>The flavor metadata key that sets the topology (Octavia's amphora flavor schema).</summary>
    private const string TopologyMetadataKey = "loadbalancer_topology";

    /// <summary>Octavia's bad-request type for "Validation failure: ..." (<c>octavia.common.exceptions.ValidationException</c>).</summary>
    private const string OctaviaValidationType = "ValidationException";

    public async ValueTask<LoadBalancer> CreateLoadBalancerAsync(CallerContext caller, LoadBalancerCreateRequest request, CancellationToken cancellationToken = default)
    {
        using var activity = LbaasTracing.StartOperation(LbaasTracing.CreateLoadBalancerSpan);
        try
        {
            CheckCaller(caller);
            ArgumentNullException.ThrowIfNull(request);
            var tenant = LbaasInput.Tenant(caller, request.TenantId, "create_loadbalancer");
            var name = LbaasInput.Name(request.Name);
            LbaasInput.Id("vip_network_id", request.VipNetworkId);
            await RequireNetworkAsync(caller, "vip_network_id", request.VipNetworkId, cancellationToken).ConfigureAwait(false);
            var (vipSubnetId, vipAddress) = await ResolveVipAsync(caller, request, cancellationToken).ConfigureAwait(false);

            if (request.MemberNetworkId is not null)
            {
                LbaasInput.Id("member_network_id", request.MemberNetworkId);
                await RequireNetworkAsync(caller, "member_network_id", request.MemberNetworkId, cancellationToken).ConfigureAwait(false);
            }

            var (provider, flavor, driver) = ResolveProvider(request.Provider, request.FlavorId);
            var metadata = flavor?.Metadata ?? Ml2.Model.ExtensionAttributes.Empty;
            if (metadata.Count > 0)
            {
                // Octavia asks the driver again at create time: it must still accept the flavor.
                CallDriver(provider, () => driver.ValidateFlavor(metadata));
            }

            var topology = ResolveTopology(request.Topology, flavor, provider, driver);
            await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);

            var now = _time.GetUtcNow();
            var lb = new LoadBalancer
            {
                Id = NewId(),
                TenantId = tenant,
                Name = name,
                VipNetworkId = request.VipNetworkId,
                VipSubnetId = vipSubnetId,
                VipAddress = vipAddress,
                MemberNetworkId = request.MemberNetworkId,
                Provider = provider.Name,
                FlavorId = flavor?.Id,
                Topology = topology,
                AdminStateUp = request.AdminStateUp ?? true,
                ProvisioningStatus = ProvisioningStatus.PendingCreate,
                OperatingStatus = OperatingStatus.Offline,
                CreatedAt = now,
                UpdatedAt = now,
            };

            activity?.SetTag(LbaasAttributes.LoadBalancerId, lb.Id);
            var placements = await PlaceAsync(lb, metadata, cancellationToken).ConfigureAwait(false);
            lb = lb with { DeviceIds = [.. placements.Select(p => p.DeviceId!)] };
            try
            {
                var placed = lb;
                lb = await _store.WriteAsync(
                    async w =>
                    {
                        var stored = await w.InsertAsync(placed).ConfigureAwait(false);
                        await w.InsertAsync(new LoadBalancerPlacementRecord(placed.Id, placements)).ConfigureAwait(false);
                        return stored;
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                await _devices.UnwireAndReleaseAsync(lb, lb.DeviceIds).ConfigureAwait(false);
                throw;
            }

            Log.LoadBalancerOnDevices(_logger, lb.Id, lb.Provider, lb.Topology, lb.DeviceIds);
            lb = await WireAsync(lb, cancellationToken).ConfigureAwait(false);
            await SubmitAsync(AgentOperationAction.Create, lb, lb, null, lb.Id, cancellationToken).ConfigureAwait(false);
            return View(caller, lb);
        }
        catch (Exception ex) when (LbaasTracing.Failed(activity, ex))
        {
            throw;
        }
    }

    public async ValueTask<LoadBalancer> GetLoadBalancerAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return View(caller, await VisibleAsync<LoadBalancer>(caller, id, lb => lb.TenantId, cancellationToken).ConfigureAwait(false));
    }

    public async ValueTask<IReadOnlyList<LoadBalancer>> ListLoadBalancersAsync(CallerContext caller, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        var visible = await ListVisibleAsync<LoadBalancer>(caller, lb => lb.TenantId, _ => true, cancellationToken).ConfigureAwait(false);
        return [.. visible.OrderBy(lb => lb.CreatedAt).ThenBy(lb => lb.Id, StringComparer.Ordinal).Select(lb => View(caller, lb))];
    }

    public async ValueTask<LoadBalancer> UpdateLoadBalancerAsync(CallerContext caller, string id, LoadBalancerUpdateRequest request, CancellationToken cancellationToken = default)
    {
        using var activity = LbaasTracing.StartOperation(LbaasTracing.UpdateLoadBalancerSpan, id);
        try
        {
            CheckCaller(caller);
            ArgumentNullException.ThrowIfNull(request);
            await VisibleAsync<LoadBalancer>(caller, id, lb => lb.TenantId, cancellationToken).ConfigureAwait(false);
            var name = request.Name is null ? null : LbaasInput.Name(request.Name);
            await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var (original, updated) = await _store.WriteWithRetryAsync(
                _retry,
                async w =>
                {
                    var before = await w.FindAsync<LoadBalancer>(id).ConfigureAwait(false) ?? throw new ResourceNotFoundException("Load Balancer", id);
                    var after = await ObjectGraph.TestAndSetStatusAsync(w, id, ProvisioningStatus.PendingUpdate, now, lb => lb with
                    {
                        Name = name ?? lb.Name,
                        AdminStateUp = request.AdminStateUp ?? lb.AdminStateUp,
                    }).ConfigureAwait(false);
                    return (before, after);
                },
                cancellationToken).ConfigureAwait(false);
            await SubmitAsync(AgentOperationAction.Update, updated, updated, original, id, cancellationToken).ConfigureAwait(false);
            return View(caller, updated);
        }
        catch (Exception ex) when (LbaasTracing.Failed(activity, ex))
        {
            throw;
        }
    }

    public async ValueTask DeleteLoadBalancerAsync(CallerContext caller, string id, bool cascade = false, CancellationToken cancellationToken = default)
    {
        using var activity = LbaasTracing.StartOperation(LbaasTracing.DeleteLoadBalancerSpan, id);
        try
        {
            CheckCaller(caller);
            await VisibleAsync<LoadBalancer>(caller, id, lb => lb.TenantId, cancellationToken).ConfigureAwait(false);
            await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var locked = await _store.WriteWithRetryAsync(
                _retry,
                async w =>
                {
                    var children = await ObjectGraph.ChildrenOfAsync(w, id).ConfigureAwait(false);
                    if (children.Count > 0 && !cascade)
                    {
                        throw new InvalidInputException("cascade", false, $"Cannot delete Load Balancer {id} - it has children");
                    }

                    var lb = await ObjectGraph.TestAndSetStatusAsync(w, id, ProvisioningStatus.PendingDelete, now).ConfigureAwait(false);
                    foreach (var (type, childId, _) in children)
                    {
                        await ObjectGraph.SetStatusAsync(w, type, childId, ProvisioningStatus.PendingDelete, null, now).ConfigureAwait(false);
                    }

                    return lb;
                },
                cancellationToken).ConfigureAwait(false);
            await SubmitAsync(AgentOperationAction.Delete, locked, locked, null, id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (LbaasTracing.Failed(activity, ex))
        {
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<PlacementResult>> GetPlacementAsync(CallerContext caller, string loadBalancerId, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        if (!caller.IsAdmin)
        {
            throw new NotAuthorizedException("get_loadbalancer_placement");
        }

        await VisibleAsync<LoadBalancer>(caller, loadBalancerId, lb => lb.TenantId, cancellationToken).ConfigureAwait(false);
        var record = await _store.FindAsync<LoadBalancerPlacementRecord>(loadBalancerId, cancellationToken).ConfigureAwait(false);
        return record?.Results ?? [];
    }

    private async ValueTask RequireNetworkAsync(CallerContext caller, string field, string networkId, CancellationToken cancellationToken)
    {
        try
        {
            await _ml2.GetNetworkAsync(caller, networkId, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException ex)
        {
            throw new InvalidInputException(field, networkId, $"Network {networkId} not found", ex);
        }
    }

    /// <summary>
    /// Octavia's VIP checks (<c>_validate_vip_request_object</c>, <c>validate.py</c>), before anything is written: the
    /// VIP subnet must be on the VIP network ("Subnet {id} not found.", 400 <c>InvalidSubresource</c>); a VIP address
    /// must be an address, inside the VIP subnet (Neutron's <c>InvalidIpForSubnet</c>, which Octavia passes through as
    /// 400) or, without a subnet, inside a subnet of the VIP network, which becomes the VIP subnet; without either, the
    /// VIP network must have a subnet. Returns the VIP subnet (null: the wiring picks the network's first IPv4 subnet)
    /// and the requested address.
    /// </summary>
    private async ValueTask<(string? SubnetId, string? Address)> ResolveVipAsync(CallerContext caller, LoadBalancerCreateRequest request, CancellationToken cancellationToken)
    {
        var networkId = request.VipNetworkId;
        var address = request.VipAddress is null ? null : LbaasInput.IpAddress("vip_address", request.VipAddress);
        if (request.VipSubnetId is { } subnetId)
        {
            var subnet = await RequireVipSubnetAsync(caller, subnetId, networkId, cancellationToken).ConfigureAwait(false);
            if (address is not null && !InCidr(subnet.Cidr, address))
            {
                throw InvalidInputException.OfType(
                    "InvalidIpForSubnet", "vip_address", request.VipAddress, $"IP address {ErrorText.Quote(request.VipAddress)} is not a valid IP for the specified subnet.");
            }

            return (subnetId, address);
        }

        var subnets = await _ml2.ListSubnetsAsync(caller, ListFilter.Where("network_id", networkId), cancellationToken).ConfigureAwait(false);
        if (address is not null)
        {
            var containing = subnets.FirstOrDefault(s => InCidr(s.Cidr, address))
                ?? throw InvalidInputException.OfType(
                    OctaviaValidationType, "vip_address", request.VipAddress, "Validation failure: Supplied network does not contain a subnet for VIP address specified.");
            return (containing.Id, address);
        }

        if (subnets.Count == 0)
        {
            throw InvalidInputException.OfType(OctaviaValidationType, "vip_network_id", networkId, "Validation failure: Supplied network does not contain a subnet.");
        }

        return (null, null);
    }

    private async ValueTask<Ml2.Model.Subnet> RequireVipSubnetAsync(CallerContext caller, string subnetId, string networkId, CancellationToken cancellationToken)
    {
        LbaasInput.Id("vip_subnet_id", subnetId);
        Ml2.Model.Subnet subnet;
        try
        {
            subnet = await _ml2.GetSubnetAsync(caller, subnetId, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            throw SubnetNotFound(subnetId);
        }

        // Octavia (network_exists_optionally_contains_subnet): a subnet not on the VIP network is not found there.
        return subnet.NetworkId == networkId ? subnet : throw SubnetNotFound(subnetId);
    }

    /// <summary>Whether <paramref name="address"/> lies in <paramref name="cidr"/> (Octavia's <c>is_ip_member_of_cidr</c>).</summary>
    private static bool InCidr(string cidr, string address) =>
        System.Net.IPNetwork.TryParse(cidr, out var network) && network.Contains(System.Net.IPAddress.Parse(address));

    /// <summary>Octavia's <c>InvalidSubresource</c> for the VIP subnet: "Subnet {id} not found." (400).</summary>
    private static InvalidInputException SubnetNotFound(string subnetId) =>
        InvalidInputException.OfType("InvalidSubresource", "vip_subnet_id", subnetId, $"Subnet {ErrorText.Quote(subnetId)} not found.");

    /// <summary>
    /// Octavia's provider choice: a flavor must exist and be enabled; its provider wins, and an explicit provider must
    /// match it; without either, the default provider.
    /// </summary>
    private (LoadBalancerProvider Provider, LoadBalancerFlavor? Flavor, ILoadBalancerDriver Driver) ResolveProvider(string? providerName, string? flavorId)
    {
        LoadBalancerFlavor? flavor = null;
        if (flavorId is not null)
        {
            flavor = _providers.FindFlavor(flavorId)
                ?? throw new InvalidInputException("flavor_id", flavorId, "Validation failure: Invalid flavor_id");
            if (!flavor.Enabled)
            {
                throw new InvalidInputException("flavor_id", flavorId, $"The selected flavor is not allowed in this deployment: {flavorId}");
            }
        }

        LoadBalancerProvider provider;
        if (providerName is not null)
        {
            provider = _providers.Find(providerName)
                ?? throw new InvalidInputException("provider", providerName, $"Provider '{providerName}' is not enabled");
            if (flavor is not null && flavor.Provider != provider.Name)
            {
                throw new InvalidInputException("provider", providerName, $"Flavor '{flavor.Id}' is not compatible with provider '{providerName}'");
            }
        }
        else
        {
            provider = flavor is null ? _providers.Default : _providers.Find(flavor.Provider)!;
        }

        return (provider, flavor, _providers.DriverOf(provider.Name)!);
    }

    /// <summary>The topology: the request's, else the flavor's <c>loadbalancer_topology</c>, else SINGLE; the driver must support it.</summary>
    private static string ResolveTopology(string? requested, LoadBalancerFlavor? flavor, LoadBalancerProvider provider, ILoadBalancerDriver driver)
    {
        string? fromFlavor = null;
        if (flavor is not null && flavor.Metadata.TryGetValue(TopologyMetadataKey, out var value) && value.ValueKind == JsonValueKind.String)
        {
            fromFlavor = value.GetString();
        }

        if (requested is not null && fromFlavor is not null && requested != fromFlavor)
        {
            throw new InvalidInputException("topology", requested, $"Flavor '{flavor!.Id}' sets {TopologyMetadataKey} {fromFlavor}");
        }

        var topology = requested ?? fromFlavor ?? LoadBalancerTopologies.Single;
        if (topology is not (LoadBalancerTopologies.Single or LoadBalancerTopologies.ActiveStandby))
        {
            throw new InvalidInputException("topology", topology, $"Invalid topology specified: {topology}");
        }

        if (!driver.Capabilities.Topologies.Contains(topology))
        {
            throw new InvalidInputException("topology", topology, $"Provider '{provider.Name}' does not support a requested option: topology {topology}");
        }

        return topology;
    }

    /// <summary>Calls the driver synchronously; its bad-input errors pass through, anything else is a <see cref="LoadBalancerDriverException"/>.</summary>
    private static void CallDriver(LoadBalancerProvider provider, Action call)
    {
        try
        {
            call();
        }
        catch (Ml2Exception)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new LoadBalancerDriverException(provider.Name, ex);
        }
    }

    /// <summary>
    /// Places the load balancer: one device, or two for ACTIVE_STANDBY, the second avoiding the first device and its
    /// cluster (anti-affinity). Nothing fits: every claim taken so far is released and <see cref="NoEligibleDeviceException"/> thrown.
    /// </summary>
    private async ValueTask<IReadOnlyList<PlacementResult>> PlaceAsync(LoadBalancer lb, IReadOnlyDictionary<string, JsonElement> metadata, CancellationToken cancellationToken)
    {
        var count = lb.Topology == LoadBalancerTopologies.ActiveStandby ? 2 : 1;
        var results = new List<PlacementResult>(count);
        var claimed = new List<string>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var avoidClusters = claimed.Select(d => _registry.Find(d)?.ClusterId).OfType<string>().ToHashSet(StringComparer.Ordinal);
                var request = new PlacementRequest
                {
                    LoadBalancerId = lb.Id,
                    TenantId = lb.TenantId,
                    Provider = lb.Provider,
                    FlavorMetadata = metadata,
                    VipNetworkId = lb.VipNetworkId,
                    MemberNetworkId = lb.MemberNetworkId,
                    Topology = lb.Topology,
                    AvoidDeviceIds = claimed.ToHashSet(StringComparer.Ordinal),
                    AvoidClusterIds = avoidClusters,
                    Slot = i,
                };
                var result = await _scheduler.ScheduleAsync(request, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                if (!result.Succeeded)
                {
                    throw new NoEligibleDeviceException(lb.Id, result, results);
                }

                claimed.Add(result.DeviceId!);
            }
        }
        catch
        {
            // Released *and* unwired, although nothing was wired for it yet: while the claim was held, another load
            // balancer leaving the device kept the device's port on our networks for it (see DeviceReleaser).
            await _devices.UnwireAndReleaseAsync(lb, claimed).ConfigureAwait(false);
            throw;
        }

        return results;
    }

    /// <summary>
    /// Wires every device of the load balancer and records the VIP port and address. On failure: every claim is
    /// released and every device unwired, the load balancer is ERROR on no device (so deleting it needs no
    /// agent), and a <see cref="LoadBalancerWiringException"/> is thrown (Octavia's create flow reverts to ERROR).
    /// </summary>
    private async ValueTask<LoadBalancer> WireAsync(LoadBalancer lb, CancellationToken cancellationToken)
    {
        var wired = new List<string>(lb.DeviceIds.Count);
        var current = lb.DeviceIds.Count > 0 ? lb.DeviceIds[0] : "";
        WiringResult? first = null;
        try
        {
            foreach (var deviceId in lb.DeviceIds)
            {
                current = deviceId;
                var device = _registry.Find(deviceId) ?? throw new ResourceNotFoundException("Device", deviceId);
                var target = first is null ? lb : lb with { VipPortId = first.VipPortId, VipAddress = first.VipAddress };
                WiringResult result;
                using (var activity = LbaasTracing.StartWiring(deviceId, lb.Id))
                {
                    try
                    {
                        result = await _wiring.WireAsync(device, target, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (LbaasTracing.Failed(activity, ex))
                    {
                        throw;
                    }
                }

                wired.Add(deviceId);
                first ??= result;
                if (result.UnboundDevicePortIds.Count > 0)
                {
                    Log.DevicePortsUnbound(_logger, lb.Id, deviceId, result.UnboundDevicePortIds);
                }
            }

            var wiring = first;
            if (wiring is not null)
            {
                foreach (var deviceId in wired)
                {
                    await _registry.RecordVipAddressAsync(deviceId, lb.Id, wiring.VipAddress, CancellationToken.None).ConfigureAwait(false);
                }
            }

            return await _store.WriteWithRetryAsync(
                _retry,
                async w =>
                {
                    var stored = await w.FindAsync<LoadBalancer>(lb.Id).ConfigureAwait(false) ?? throw new ResourceNotFoundException("Load Balancer", lb.Id);
                    return wiring is null ? stored : await w.UpdateAsync(stored with { VipPortId = wiring.VipPortId, VipAddress = wiring.VipAddress }).ConfigureAwait(false);
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.WiringFailed(_logger, lb.Id, current, ex);
            // Each claim is released before its device is unwired (as on delete): a load balancer on the same device and
            // network deleted meanwhile then cannot keep the device port for this claim while this one keeps it for that.
            // Every device is unwired, not only those wired completely: the one whose wiring failed may have reused a
            // device port that another load balancer, leaving meanwhile, kept for this one's claim.
            var givenBack = await _devices.UnwireAndReleaseAsync(lb, lb.DeviceIds).ConfigureAwait(false);

            // ERROR on no device and without a VIP port once the claims and ports are given back; when that failed
            // (logged), it keeps them so that its delete tries again.
            var now = _time.GetUtcNow();
            await _store.WriteWithRetryAsync(
                _retry,
                async w => await w.FindAsync<LoadBalancer>(lb.Id).ConfigureAwait(false) is { } stored
                    ? await w.UpdateAsync(stored with
                    {
                        ProvisioningStatus = ProvisioningStatus.Error,
                        OperatingStatus = OperatingStatus.Offline,
                        DeviceIds = givenBack ? [] : stored.DeviceIds,
                        VipPortId = givenBack ? null : stored.VipPortId,
                        UpdatedAt = now,
                    }).ConfigureAwait(false)
                    : null,
                CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new LoadBalancerWiringException(lb.Id, current, ex);
        }
    }
}
