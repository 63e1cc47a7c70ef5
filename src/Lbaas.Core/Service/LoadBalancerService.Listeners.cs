using Lbaas.Agents;
using Ml2.Exceptions;
using Ml2.Lbaas;
using Ml2.Plugin;

namespace Lbaas.Service;

internal sealed partial class LoadBalancerService
{
    public async ValueTask<Listener> CreateListenerAsync(CallerContext caller, ListenerCreateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        LbaasInput.Id("loadbalancer_id", request.LoadBalancerId);
        var parent = await VisibleAsync<LoadBalancer>(caller, request.LoadBalancerId, lb => lb.TenantId, cancellationToken).ConfigureAwait(false);
        var name = LbaasInput.Name(request.Name);
        var protocol = LbaasInput.OneOf("protocol", request.Protocol, LbaasInput.ListenerProtocols);
        var port = LbaasInput.Range("protocol_port", request.ProtocolPort, 1, 65535);
        if (request.DefaultPoolId is not null)
        {
            LbaasInput.Id("default_pool_id", request.DefaultPoolId);
        }

        await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var listener = new Listener
        {
            Id = NewId(),
            TenantId = parent.TenantId,
            LoadBalancerId = parent.Id,
            Name = name,
            Protocol = protocol,
            ProtocolPort = port,
            DefaultPoolId = request.DefaultPoolId,
            AdminStateUp = request.AdminStateUp ?? true,
            ProvisioningStatus = ProvisioningStatus.PendingCreate,
            OperatingStatus = OperatingStatus.Offline,
            UpdatedAt = now,
        };
        var lb = await _store.WriteAsync(
            w =>
            {
                var locked = ObjectGraph.TestAndSetStatus(w, parent.Id, ProvisioningStatus.PendingUpdate, now);
                if (w.List<Listener>(l => l.LoadBalancerId == parent.Id && l.ProtocolPort == port).Count > 0)
                {
                    throw new ConflictException($"Another Listener on this Load Balancer is already using protocol_port {port}");
                }

                if (listener.DefaultPoolId is { } poolId)
                {
                    RequireDefaultPool(w, parent.Id, poolId);
                }

                w.Insert(listener);
                return locked;
            },
            cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Create, lb, listener, null, listener.Id, cancellationToken).ConfigureAwait(false);
        return listener;
    }

    public async ValueTask<Listener> GetListenerAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await VisibleAsync<Listener>(caller, id, l => l.TenantId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Listener>> ListListenersAsync(CallerContext caller, string? loadBalancerId = null, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await ListVisibleAsync<Listener>(caller, l => l.TenantId, l => loadBalancerId is null || l.LoadBalancerId == loadBalancerId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Listener> UpdateListenerAsync(CallerContext caller, string id, ListenerUpdateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        await VisibleAsync<Listener>(caller, id, l => l.TenantId, cancellationToken).ConfigureAwait(false);
        var name = request.Name is null ? null : LbaasInput.Name(request.Name);
        await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var (lb, original, updated) = await _store.WriteAsync(
            w =>
            {
                var before = w.Find<Listener>(id) ?? throw new ResourceNotFoundException("Listener", id);
                var locked = ObjectGraph.TestAndSetStatus(w, before.LoadBalancerId, ProvisioningStatus.PendingUpdate, now);
                ObjectGraph.EnsureNotPending(LoadBalancerObjectType.Listener, id, before.ProvisioningStatus);
                var defaultPool = before.DefaultPoolId;
                if (request.DefaultPoolId is { Length: 0 })
                {
                    defaultPool = null;
                }
                else if (request.DefaultPoolId is { } poolId)
                {
                    RequireDefaultPool(w, before.LoadBalancerId, poolId);
                    defaultPool = poolId;
                }

                var after = w.Update(before with
                {
                    Name = name ?? before.Name,
                    AdminStateUp = request.AdminStateUp ?? before.AdminStateUp,
                    DefaultPoolId = defaultPool,
                    ProvisioningStatus = ProvisioningStatus.PendingUpdate,
                    UpdatedAt = now,
                });
                return (locked, before, after);
            },
            cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Update, lb, updated, original, id, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    public async ValueTask DeleteListenerAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        await VisibleAsync<Listener>(caller, id, l => l.TenantId, cancellationToken).ConfigureAwait(false);
        await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var (lb, listener) = await _store.WriteAsync(
            w =>
            {
                var current = w.Find<Listener>(id) ?? throw new ResourceNotFoundException("Listener", id);
                var locked = ObjectGraph.TestAndSetStatus(w, current.LoadBalancerId, ProvisioningStatus.PendingUpdate, now);
                ObjectGraph.EnsureNotPending(LoadBalancerObjectType.Listener, id, current.ProvisioningStatus);
                return (locked, w.Update(current with { ProvisioningStatus = ProvisioningStatus.PendingDelete, UpdatedAt = now }));
            },
            cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Delete, lb, listener, null, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A default pool must be a pool of the same load balancer.</summary>
    private static void RequireDefaultPool(Store.ILbaasStoreWriter w, string loadBalancerId, string poolId)
    {
        var pool = w.Find<LoadBalancerPool>(poolId);
        if (pool is null || pool.LoadBalancerId != loadBalancerId)
        {
            throw new InvalidInputException("default_pool_id", poolId, $"Pool {poolId} not found on Load Balancer {loadBalancerId}");
        }
    }
}
