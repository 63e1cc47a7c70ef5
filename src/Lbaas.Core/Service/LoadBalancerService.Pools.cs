using Lbaas.Agents;
using Ml2.Exceptions;
using Ml2.Lbaas;
using Ml2.Plugin;

namespace Lbaas.Service;

internal sealed partial class LoadBalancerService
{
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
            var listener = await VisibleAsync<Listener>(caller, request.ListenerId, l => l.TenantId, cancellationToken).ConfigureAwait(false);
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

        var parent = await VisibleAsync<LoadBalancer>(caller, loadBalancerId, lb => lb.TenantId, cancellationToken).ConfigureAwait(false);
        var name = LbaasInput.Name(request.Name);
        var protocol = LbaasInput.OneOf("protocol", request.Protocol, LbaasInput.PoolProtocols);
        var algorithm = LbaasInput.OneOf("lb_algorithm", request.LbAlgorithm ?? "ROUND_ROBIN", LbaasInput.Algorithms);
        await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var pool = new LoadBalancerPool
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
        };
        var lb = await _store.WriteAsync(
            w =>
            {
                var locked = ObjectGraph.TestAndSetStatus(w, parent.Id, ProvisioningStatus.PendingUpdate, now);
                if (pool.ListenerId is { } listenerId)
                {
                    var listener = w.Find<Listener>(listenerId) ?? throw new ResourceNotFoundException("Listener", listenerId);
                    if (listener.DefaultPoolId is not null)
                    {
                        throw new ConflictException("This listener already has a default pool");
                    }

                    w.Update(listener with { DefaultPoolId = pool.Id });
                }

                w.Insert(pool);
                return locked;
            },
            cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Create, lb, pool, null, pool.Id, cancellationToken).ConfigureAwait(false);
        return pool;
    }

    public async ValueTask<LoadBalancerPool> GetPoolAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await VisibleAsync<LoadBalancerPool>(caller, id, p => p.TenantId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<LoadBalancerPool>> ListPoolsAsync(CallerContext caller, string? loadBalancerId = null, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await ListVisibleAsync<LoadBalancerPool>(caller, p => p.TenantId, p => loadBalancerId is null || p.LoadBalancerId == loadBalancerId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<LoadBalancerPool> UpdatePoolAsync(CallerContext caller, string id, PoolUpdateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        await VisibleAsync<LoadBalancerPool>(caller, id, p => p.TenantId, cancellationToken).ConfigureAwait(false);
        var name = request.Name is null ? null : LbaasInput.Name(request.Name);
        var algorithm = request.LbAlgorithm is null ? null : LbaasInput.OneOf("lb_algorithm", request.LbAlgorithm, LbaasInput.Algorithms);
        await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var (lb, original, updated) = await _store.WriteAsync(
            w =>
            {
                var before = w.Find<LoadBalancerPool>(id) ?? throw new ResourceNotFoundException("Pool", id);
                var locked = ObjectGraph.TestAndSetStatus(w, before.LoadBalancerId, ProvisioningStatus.PendingUpdate, now);
                ObjectGraph.EnsureNotPending(LoadBalancerObjectType.Pool, id, before.ProvisioningStatus);
                var after = w.Update(before with
                {
                    Name = name ?? before.Name,
                    LbAlgorithm = algorithm ?? before.LbAlgorithm,
                    AdminStateUp = request.AdminStateUp ?? before.AdminStateUp,
                    ProvisioningStatus = ProvisioningStatus.PendingUpdate,
                    UpdatedAt = now,
                });
                return (locked, before, after);
            },
            cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Update, lb, updated, original, id, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    public async ValueTask DeletePoolAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        await VisibleAsync<LoadBalancerPool>(caller, id, p => p.TenantId, cancellationToken).ConfigureAwait(false);
        await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var (lb, pool) = await _store.WriteAsync(
            w =>
            {
                var current = w.Find<LoadBalancerPool>(id) ?? throw new ResourceNotFoundException("Pool", id);
                var locked = ObjectGraph.TestAndSetStatus(w, current.LoadBalancerId, ProvisioningStatus.PendingUpdate, now);
                ObjectGraph.EnsureNotPending(LoadBalancerObjectType.Pool, id, current.ProvisioningStatus);

                // The driver's pool delete removes the pool's members and health monitor with it (Octavia's pool_delete).
                foreach (var member in w.List<Member>(m => m.PoolId == id))
                {
                    ObjectGraph.SetStatus(w, LoadBalancerObjectType.Member, member.Id, ProvisioningStatus.PendingDelete, null, now);
                }

                foreach (var monitor in w.List<HealthMonitor>(h => h.PoolId == id))
                {
                    ObjectGraph.SetStatus(w, LoadBalancerObjectType.HealthMonitor, monitor.Id, ProvisioningStatus.PendingDelete, null, now);
                }

                return (locked, w.Update(current with { ProvisioningStatus = ProvisioningStatus.PendingDelete, UpdatedAt = now }));
            },
            cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Delete, lb, pool, null, id, cancellationToken).ConfigureAwait(false);
    }
}
