using Lbaas.Agents;
using Lbaas.Storage;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Service;

/// <summary>
/// The load-balancer object tree inside a store unit: a load balancer has listeners and pools; a pool has members and
/// at most one health monitor. Reads and sets statuses by object type, finds an object's load balancer, and removes
/// an object with what hangs off it.
/// </summary>
internal static class ObjectGraph
{
    public static string ResourceName(LoadBalancerObjectType type) => type switch
    {
        LoadBalancerObjectType.LoadBalancer => "Load Balancer",
        LoadBalancerObjectType.Listener => "Listener",
        LoadBalancerObjectType.Pool => "Pool",
        LoadBalancerObjectType.Member => "Member",
        _ => "Health Monitor",
    };

    /// <summary>The object's provisioning status, or null when it is gone.</summary>
    public static async ValueTask<string?> StatusOfAsync(ILbaasTransaction store, LoadBalancerObjectType type, string id) => type switch
    {
        LoadBalancerObjectType.LoadBalancer => (await store.LoadBalancers.FindAsync(id).ConfigureAwait(false))?.ProvisioningStatus,
        LoadBalancerObjectType.Listener => (await store.Listeners.FindAsync(id).ConfigureAwait(false))?.ProvisioningStatus,
        LoadBalancerObjectType.Pool => (await store.Pools.FindAsync(id).ConfigureAwait(false))?.ProvisioningStatus,
        LoadBalancerObjectType.Member => (await store.Members.FindAsync(id).ConfigureAwait(false))?.ProvisioningStatus,
        _ => (await store.HealthMonitors.FindAsync(id).ConfigureAwait(false))?.ProvisioningStatus,
    };

    /// <summary>Sets an object's statuses; <paramref name="operating"/> null keeps the operating status.</summary>
    public static async ValueTask SetStatusAsync(ILbaasTransaction store, LoadBalancerObjectType type, string id, string provisioning, string? operating, DateTimeOffset now)
    {
        switch (type)
        {
            case LoadBalancerObjectType.LoadBalancer when await store.LoadBalancers.FindAsync(id).ConfigureAwait(false) is { } lb:
                await store.LoadBalancers.UpdateAsync(lb with { ProvisioningStatus = provisioning, OperatingStatus = operating ?? lb.OperatingStatus, UpdatedAt = now }).ConfigureAwait(false);
                break;
            case LoadBalancerObjectType.Listener when await store.Listeners.FindAsync(id).ConfigureAwait(false) is { } listener:
                await store.Listeners.UpdateAsync(listener with { ProvisioningStatus = provisioning, OperatingStatus = operating ?? listener.OperatingStatus, UpdatedAt = now }).ConfigureAwait(false);
                break;
            case LoadBalancerObjectType.Pool when await store.Pools.FindAsync(id).ConfigureAwait(false) is { } pool:
                await store.Pools.UpdateAsync(pool with { ProvisioningStatus = provisioning, OperatingStatus = operating ?? pool.OperatingStatus, UpdatedAt = now }).ConfigureAwait(false);
                break;
            case LoadBalancerObjectType.Member when await store.Members.FindAsync(id).ConfigureAwait(false) is { } member:
                await store.Members.UpdateAsync(member with { ProvisioningStatus = provisioning, OperatingStatus = operating ?? member.OperatingStatus, UpdatedAt = now }).ConfigureAwait(false);
                break;
            case LoadBalancerObjectType.HealthMonitor when await store.HealthMonitors.FindAsync(id).ConfigureAwait(false) is { } monitor:
                await store.HealthMonitors.UpdateAsync(monitor with { ProvisioningStatus = provisioning, OperatingStatus = operating ?? monitor.OperatingStatus, UpdatedAt = now }).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The operating status an object gets when its operation succeeds: ONLINE, or OFFLINE when administratively down (a member without a health monitor is NO_MONITOR).</summary>
    public static async ValueTask<string> OperatingOnSuccessAsync(ILbaasTransaction store, LoadBalancerObjectType type, string id)
    {
        bool? adminUp = type switch
        {
            LoadBalancerObjectType.LoadBalancer => (await store.LoadBalancers.FindAsync(id).ConfigureAwait(false))?.AdminStateUp,
            LoadBalancerObjectType.Listener => (await store.Listeners.FindAsync(id).ConfigureAwait(false))?.AdminStateUp,
            LoadBalancerObjectType.Pool => (await store.Pools.FindAsync(id).ConfigureAwait(false))?.AdminStateUp,
            LoadBalancerObjectType.Member => (await store.Members.FindAsync(id).ConfigureAwait(false))?.AdminStateUp,
            _ => (await store.HealthMonitors.FindAsync(id).ConfigureAwait(false))?.AdminStateUp,
        };
        if (adminUp is not true)
        {
            return OperatingStatus.Offline;
        }

        if (type == LoadBalancerObjectType.Member && await store.Members.FindAsync(id).ConfigureAwait(false) is { } member
            && (await store.HealthMonitors.ListWhereAsync(h => h.PoolId == member.PoolId).ConfigureAwait(false)).Count == 0)
        {
            return OperatingStatus.NoMonitor;
        }

        return OperatingStatus.Online;
    }

    /// <summary>The load balancer a child belongs to, or null when the child or its pool is gone.</summary>
    public static async ValueTask<string?> LoadBalancerIdOfAsync(ILbaasTransaction store, object child) => child switch
    {
        LoadBalancer lb => lb.Id,
        Listener listener => listener.LoadBalancerId,
        LoadBalancerPool pool => pool.LoadBalancerId,
        Member member => (await store.Pools.FindAsync(member.PoolId).ConfigureAwait(false))?.LoadBalancerId,
        HealthMonitor monitor => (await store.Pools.FindAsync(monitor.PoolId).ConfigureAwait(false))?.LoadBalancerId,
        _ => null,
    };

    /// <summary>Every child of a load balancer: listeners, pools, then the pools' members and health monitors.</summary>
    public static async ValueTask<List<(LoadBalancerObjectType Type, string Id, string Status)>> ChildrenOfAsync(ILbaasTransaction store, string loadBalancerId)
    {
        var children = new List<(LoadBalancerObjectType Type, string Id, string Status)>();
        foreach (var listener in await store.Listeners.ListWhereAsync(l => l.LoadBalancerId == loadBalancerId).ConfigureAwait(false))
        {
            children.Add((LoadBalancerObjectType.Listener, listener.Id, listener.ProvisioningStatus));
        }

        var pools = await store.Pools.ListWhereAsync(p => p.LoadBalancerId == loadBalancerId).ConfigureAwait(false);
        if (pools.Count == 0)
        {
            return children;
        }

        var members = await store.Members.ListAsync().ConfigureAwait(false);
        var monitors = await store.HealthMonitors.ListAsync().ConfigureAwait(false);
        foreach (var pool in pools)
        {
            children.Add((LoadBalancerObjectType.Pool, pool.Id, pool.ProvisioningStatus));
            foreach (var member in members.Where(m => m.PoolId == pool.Id))
            {
                children.Add((LoadBalancerObjectType.Member, member.Id, member.ProvisioningStatus));
            }

            foreach (var monitor in monitors.Where(h => h.PoolId == pool.Id))
            {
                children.Add((LoadBalancerObjectType.HealthMonitor, monitor.Id, monitor.ProvisioningStatus));
            }
        }

        return children;
    }

    /// <summary>
    /// Removes an object and what hangs off it: a load balancer with all its children and placement record; a pool
    /// with its members and health monitor (listeners using it as default pool lose it); a listener (pools keep
    /// existing without it).
    /// </summary>
    public static async ValueTask RemoveAsync(ILbaasTransaction store, LoadBalancerObjectType type, string id)
    {
        switch (type)
        {
            case LoadBalancerObjectType.LoadBalancer:
                foreach (var (childType, childId, _) in await ChildrenOfAsync(store, id).ConfigureAwait(false))
                {
                    await RemoveAsync(store, childType, childId).ConfigureAwait(false);
                }

                await store.Placements.RemoveAsync(id).ConfigureAwait(false);
                await store.LoadBalancers.RemoveAsync(id).ConfigureAwait(false);
                break;
            case LoadBalancerObjectType.Listener:
                foreach (var pool in await store.Pools.ListWhereAsync(p => p.ListenerId == id).ConfigureAwait(false))
                {
                    await store.Pools.UpdateAsync(pool with { ListenerId = null }).ConfigureAwait(false);
                }

                await store.Listeners.RemoveAsync(id).ConfigureAwait(false);
                break;
            case LoadBalancerObjectType.Pool:
                foreach (var member in await store.Members.ListWhereAsync(m => m.PoolId == id).ConfigureAwait(false))
                {
                    await store.Members.RemoveAsync(member.Id).ConfigureAwait(false);
                }

                foreach (var monitor in await store.HealthMonitors.ListWhereAsync(h => h.PoolId == id).ConfigureAwait(false))
                {
                    await store.HealthMonitors.RemoveAsync(monitor.Id).ConfigureAwait(false);
                }

                foreach (var listener in await store.Listeners.ListWhereAsync(l => l.DefaultPoolId == id).ConfigureAwait(false))
                {
                    await store.Listeners.UpdateAsync(listener with { DefaultPoolId = null }).ConfigureAwait(false);
                }

                await store.Pools.RemoveAsync(id).ConfigureAwait(false);
                break;
            case LoadBalancerObjectType.Member:
                await store.Members.RemoveAsync(id).ConfigureAwait(false);
                break;
            default:
                await store.HealthMonitors.RemoveAsync(id).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// Octavia's <c>test_and_set_provisioning_status</c> on the load balancer: a change is allowed from ACTIVE, a
    /// delete from ACTIVE or ERROR; otherwise the load balancer is immutable. Sets <paramref name="status"/> and applies
    /// <paramref name="change"/> in the same unit; the write compare-and-sets the load balancer's revision.
    /// </summary>
    /// <exception cref="ResourceNotFoundException">The load balancer is gone.</exception>
    /// <exception cref="ImmutableObjectException">Its status forbids the change.</exception>
    public static async ValueTask<LoadBalancer> TestAndSetStatusAsync(ILbaasTransaction store, string loadBalancerId, string status, DateTimeOffset now, Func<LoadBalancer, LoadBalancer>? change = null)
    {
        var lb = await store.LoadBalancers.FindAsync(loadBalancerId).ConfigureAwait(false) ?? throw new ResourceNotFoundException("Load Balancer", loadBalancerId);
        var allowed = status == ProvisioningStatus.PendingDelete
            ? lb.ProvisioningStatus is ProvisioningStatus.Active or ProvisioningStatus.Error
            : lb.ProvisioningStatus == ProvisioningStatus.Active;
        if (!allowed)
        {
            throw new ImmutableObjectException("Load Balancer", loadBalancerId, lb.ProvisioningStatus);
        }

        var changed = change is null ? lb : change(lb);
        return await store.LoadBalancers.UpdateAsync(changed with { ProvisioningStatus = status, UpdatedAt = now }).ConfigureAwait(false);
    }

    /// <summary>Refuses a change of a child that is itself PENDING_*.</summary>
    /// <exception cref="ImmutableObjectException">The child is PENDING_*.</exception>
    public static void EnsureNotPending(LoadBalancerObjectType type, string id, string status)
    {
        if (ProvisioningStatus.IsPending(status))
        {
            throw new ImmutableObjectException(ResourceName(type), id, status);
        }
    }
}
