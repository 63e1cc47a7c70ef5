using System.Text.Json;
using Lbaas.Agents;
using Lbaas.Diagnostics;
using Lbaas.Placement;
using Lbaas.Providers;
using Lbaas.Storage;
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
            lb = await _lifecycle.CreateAsync(lb, metadata, cancellationToken).ConfigureAwait(false);
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
        return View(caller, await VisibleAsync(_store.LoadBalancers, caller, id, lb => lb.TenantId, cancellationToken).ConfigureAwait(false));
    }

    public async ValueTask<IReadOnlyList<LoadBalancer>> ListLoadBalancersAsync(CallerContext caller, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        var visible = await ListVisibleAsync(_store.LoadBalancers, caller, lb => lb.TenantId, _ => true, cancellationToken).ConfigureAwait(false);
        return [.. visible.OrderBy(lb => lb.CreatedAt).ThenBy(lb => lb.Id, StringComparer.Ordinal).Select(lb => View(caller, lb))];
    }

    public async ValueTask<LoadBalancer> UpdateLoadBalancerAsync(CallerContext caller, string id, LoadBalancerUpdateRequest request, CancellationToken cancellationToken = default)
    {
        using var activity = LbaasTracing.StartOperation(LbaasTracing.UpdateLoadBalancerSpan, id);
        try
        {
            CheckCaller(caller);
            ArgumentNullException.ThrowIfNull(request);
            await VisibleAsync(_store.LoadBalancers, caller, id, lb => lb.TenantId, cancellationToken).ConfigureAwait(false);
            var name = request.Name is null ? null : LbaasInput.Name(request.Name);
            await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var (original, updated) = await _store.WriteWithRetryAsync(
                _retry,
                async w =>
                {
                    var before = await w.LoadBalancers.FindAsync(id).ConfigureAwait(false) ?? throw new ResourceNotFoundException("Load Balancer", id);
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
            await VisibleAsync(_store.LoadBalancers, caller, id, lb => lb.TenantId, cancellationToken).ConfigureAwait(false);
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

        await VisibleAsync(_store.LoadBalancers, caller, loadBalancerId, lb => lb.TenantId, cancellationToken).ConfigureAwait(false);
        var record = await _store.Placements.FindAsync(loadBalancerId, cancellationToken).ConfigureAwait(false);
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

}
