using Lbaas.Agents;
using Lbaas.Storage;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Plugin;

namespace Lbaas.Service;

internal sealed partial class LoadBalancerService
{
    private static readonly ChildKind<LoadBalancerPool> PoolKind = new(
        s => s.Pools,
        w => w.Pools,
        "Pool",
        LoadBalancerObjectType.Pool,
        p => p.Id,
        p => p.TenantId,
        p => p.ProvisioningStatus,
        (_, p) => ValueTask.FromResult(p.LoadBalancerId),
        (p, status, now) => p with { ProvisioningStatus = status, UpdatedAt = now });

    public async ValueTask<LoadBalancerPool> CreatePoolAsync(CallerContext caller, PoolCreateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (request.LoadBalancerId is null && request.ListenerId is null)
        {
            throw new InvalidInputException("loadbalancer_id", null, "Validation failure: a pool needs a loadbalancer_id or a listener_id");
        }

        string loadBalancerId;
        if (request.ListenerId is not null)
        {
            var listener = await VisibleAsync(_store.Listeners, caller, request.ListenerId, l => l.TenantId, cancellationToken).ConfigureAwait(false);
            if (request.LoadBalancerId is not null && request.LoadBalancerId != listener.LoadBalancerId)
            {
                throw new InvalidInputException("loadbalancer_id", request.LoadBalancerId, $"Listener {listener.Id} belongs to Load Balancer {listener.LoadBalancerId}");
            }

            loadBalancerId = listener.LoadBalancerId;
        }
        else
        {
            loadBalancerId = request.LoadBalancerId!;
        }

        var parent = await VisibleAsync(_store.LoadBalancers, caller, loadBalancerId, lb => lb.TenantId, cancellationToken).ConfigureAwait(false);
        var name = LbaasInput.Name(request.Name);
        var protocol = LbaasInput.OneOf("protocol", request.Protocol, LbaasInput.PoolProtocols);
        var algorithm = LbaasInput.OneOf("lb_algorithm", request.LbAlgorithm ?? "ROUND_ROBIN", LbaasInput.Algorithms);
        return await CreateChildAsync(
            PoolKind,
            parent.Id,
            now => new LoadBalancerPool
            {
                Id = NewId(),
                TenantId = parent.TenantId,
                LoadBalancerId = parent.Id,
                ListenerId = request.ListenerId,
                Name = name,
                Protocol = protocol,
                LbAlgorithm = algorithm,
                AdminStateUp = request.AdminStateUp ?? true,
                ProvisioningStatus = ProvisioningStatus.PendingCreate,
                OperatingStatus = OperatingStatus.Offline,
                UpdatedAt = now,
            },
            async (w, pool) =>
            {
                if (pool.ListenerId is { } listenerId)
                {
                    var listener = await w.Listeners.FindAsync(listenerId).ConfigureAwait(false) ?? throw new ResourceNotFoundException("Listener", listenerId);
                    if (listener.DefaultPoolId is not null)
                    {
                        throw new ConflictException("This listener already has a default pool");
                    }

                    await w.Listeners.UpdateAsync(listener with { DefaultPoolId = pool.Id }).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<LoadBalancerPool> GetPoolAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await VisibleAsync(_store.Pools, caller, id, p => p.TenantId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<LoadBalancerPool>> ListPoolsAsync(CallerContext caller, string? loadBalancerId = null, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await ListVisibleAsync(_store.Pools, caller, p => p.TenantId, p => loadBalancerId is null || p.LoadBalancerId == loadBalancerId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<LoadBalancerPool> UpdatePoolAsync(CallerContext caller, string id, PoolUpdateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        await VisibleAsync(_store.Pools, caller, id, p => p.TenantId, cancellationToken).ConfigureAwait(false);
        var name = request.Name is null ? null : LbaasInput.Name(request.Name);
        var algorithm = request.LbAlgorithm is null ? null : LbaasInput.OneOf("lb_algorithm", request.LbAlgorithm, LbaasInput.Algorithms);
        return await UpdateChildAsync(
            PoolKind,
            id,
            (_, before) => ValueTask.FromResult(before with
            {
                Name = name ?? before.Name,
                LbAlgorithm = algorithm ?? before.LbAlgorithm,
                AdminStateUp = request.AdminStateUp ?? before.AdminStateUp,
            }),
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DeletePoolAsync(CallerContext caller, string id, CancellationToken cancellationToken = default) =>
        DeleteChildAsync(
            caller,
            PoolKind,
            id,
            async (w, now) =>
            {
                // The driver's pool delete removes the pool's members and health monitor with it (Octavia's pool_delete).
                foreach (var member in await w.Members.ListWhereAsync(m => m.PoolId == id).ConfigureAwait(false))
                {
                    await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.Member, member.Id, ProvisioningStatus.PendingDelete, null, now).ConfigureAwait(false);
                }

                foreach (var monitor in await w.HealthMonitors.ListWhereAsync(h => h.PoolId == id).ConfigureAwait(false))
                {
                    await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.HealthMonitor, monitor.Id, ProvisioningStatus.PendingDelete, null, now).ConfigureAwait(false);
                }
            },
            cancellationToken);
}
