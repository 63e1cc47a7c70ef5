using Lbaas.Agents;
using Lbaas.Storage;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Plugin;

namespace Lbaas.Service;

internal sealed partial class LoadBalancerService
{
    private static readonly ChildKind<Listener> ListenerKind = new(
        s => s.Listeners,
        w => w.Listeners,
        "Listener",
        LoadBalancerObjectType.Listener,
        l => l.Id,
        l => l.TenantId,
        l => l.ProvisioningStatus,
        (_, l) => ValueTask.FromResult(l.LoadBalancerId),
        (l, status, now) => l with { ProvisioningStatus = status, UpdatedAt = now });

    public async ValueTask<Listener> CreateListenerAsync(CallerContext caller, ListenerCreateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        LbaasInput.Id("loadbalancer_id", request.LoadBalancerId);
        var parent = await VisibleAsync(_store.LoadBalancers, caller, request.LoadBalancerId, lb => lb.TenantId, cancellationToken).ConfigureAwait(false);
        var name = LbaasInput.Name(request.Name);
        var protocol = LbaasInput.OneOf("protocol", request.Protocol, LbaasInput.ListenerProtocols);
        var port = LbaasInput.Range("protocol_port", request.ProtocolPort, 1, 65535);
        if (request.DefaultPoolId is not null)
        {
            LbaasInput.Id("default_pool_id", request.DefaultPoolId);
        }

        return await CreateChildAsync(
            ListenerKind,
            parent.Id,
            now => new Listener
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
            },
            async (w, listener) =>
            {
                if ((await w.Listeners.ListWhereAsync(l => l.LoadBalancerId == parent.Id && l.ProtocolPort == port).ConfigureAwait(false)).Count > 0)
                {
                    throw new ConflictException($"Another Listener on this Load Balancer is already using protocol_port {port}");
                }

                if (listener.DefaultPoolId is { } poolId)
                {
                    await RequireDefaultPoolAsync(w, parent.Id, poolId).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Listener> GetListenerAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await VisibleAsync(_store.Listeners, caller, id, l => l.TenantId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Listener>> ListListenersAsync(CallerContext caller, string? loadBalancerId = null, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await ListVisibleAsync(_store.Listeners, caller, l => l.TenantId, l => loadBalancerId is null || l.LoadBalancerId == loadBalancerId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Listener> UpdateListenerAsync(CallerContext caller, string id, ListenerUpdateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        await VisibleAsync(_store.Listeners, caller, id, l => l.TenantId, cancellationToken).ConfigureAwait(false);
        var name = request.Name is null ? null : LbaasInput.Name(request.Name);
        return await UpdateChildAsync(
            ListenerKind,
            id,
            async (w, before) =>
            {
                var defaultPool = before.DefaultPoolId;
                if (request.DefaultPoolId is { Length: 0 })
                {
                    defaultPool = null;
                }
                else if (request.DefaultPoolId is { } poolId)
                {
                    await RequireDefaultPoolAsync(w, before.LoadBalancerId, poolId).ConfigureAwait(false);
                    defaultPool = poolId;
                }

                return before with
                {
                    Name = name ?? before.Name,
                    AdminStateUp = request.AdminStateUp ?? before.AdminStateUp,
                    DefaultPoolId = defaultPool,
                };
            },
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DeleteListenerAsync(CallerContext caller, string id, CancellationToken cancellationToken = default) =>
        DeleteChildAsync(caller, ListenerKind, id, null, cancellationToken);

    /// <summary>A default pool must be a pool of the same load balancer.</summary>
    private static async ValueTask RequireDefaultPoolAsync(ILbaasTransaction w, string loadBalancerId, string poolId)
    {
        var pool = await w.Pools.FindAsync(poolId).ConfigureAwait(false);
        if (pool is null || pool.LoadBalancerId != loadBalancerId)
        {
            throw new InvalidInputException("default_pool_id", poolId, $"Pool {poolId} not found on Load Balancer {loadBalancerId}");
        }
    }
}
