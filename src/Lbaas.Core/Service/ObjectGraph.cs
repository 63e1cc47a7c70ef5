using Lbaas.Agents;
using Lbaas.Service.Store;
using Ml2.Exceptions;
using Ml2.Lbaas;

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
    public static string? StatusOf(ILbaasStoreWriter store, LoadBalancerObjectType type, string id) => type switch
    {
        LoadBalancerObjectType.LoadBalancer => store.Find<LoadBalancer>(id)?.ProvisioningStatus,
        LoadBalancerObjectType.Listener => store.Find<Listener>(id)?.ProvisioningStatus,
        LoadBalancerObjectType.Pool => store.Find<LoadBalancerPool>(id)?.ProvisioningStatus,
        LoadBalancerObjectType.Member => store.Find<Member>(id)?.ProvisioningStatus,
        _ => store.Find<HealthMonitor>(id)?.ProvisioningStatus,
    };

    /// <summary>Sets an object's statuses; <paramref name="operating"/> null keeps the operating status.</summary>
    public static void SetStatus(ILbaasStoreWriter store, LoadBalancerObjectType type, string id, string provisioning, string? operating, DateTimeOffset now)
    {
        switch (type)
        {
            case LoadBalancerObjectType.LoadBalancer when store.Find<LoadBalancer>(id) is { } lb:
                store.Update(lb with { ProvisioningStatus = provisioning, OperatingStatus = operating ?? lb.OperatingStatus, UpdatedAt = now });
                break;
            case LoadBalancerObjectType.Listener when store.Find<Listener>(id) is { } listener:
                store.Update(listener with { ProvisioningStatus = provisioning, OperatingStatus = operating ?? listener.OperatingStatus, UpdatedAt = now });
                break;
            case LoadBalancerObjectType.Pool when store.Find<LoadBalancerPool>(id) is { } pool:
                store.Update(pool with { ProvisioningStatus = provisioning, OperatingStatus = operating ?? pool.OperatingStatus, UpdatedAt = now });
                break;
            case LoadBalancerObjectType.Member when store.Find<Member>(id) is { } member:
                store.Update(member with { ProvisioningStatus = provisioning, OperatingStatus = operating ?? member.OperatingStatus, UpdatedAt = now });
                break;
            case LoadBalancerObjectType.HealthMonitor when store.Find<HealthMonitor>(id) is { } monitor:
                store.Update(monitor with { ProvisioningStatus = provisioning, OperatingStatus = operating ?? monitor.OperatingStatus, UpdatedAt = now });
                break;
        }
    }

    /// <summary>The operating status an object gets when its operation succeeds: ONLINE, or OFFLINE when administratively down (a member without a health monitor is NO_MONITOR).</summary>
    public static string OperatingOnSuccess(ILbaasStoreWriter store, LoadBalancerObjectType type, string id)
    {
        bool? adminUp = type switch
        {
            LoadBalancerObjectType.LoadBalancer => store.Find<LoadBalancer>(id)?.AdminStateUp,
            LoadBalancerObjectType.Listener => store.Find<Listener>(id)?.AdminStateUp,
            LoadBalancerObjectType.Pool => store.Find<LoadBalancerPool>(id)?.AdminStateUp,
            LoadBalancerObjectType.Member => store.Find<Member>(id)?.AdminStateUp,
            _ => store.Find<HealthMonitor>(id)?.AdminStateUp,
        };
        if (adminUp is not true)
        {
            return OperatingStatus.Offline;
        }

        if (type == LoadBalancerObjectType.Member && store.Find<Member>(id) is { } member
            && store.List<HealthMonitor>(h => h.PoolId == member.PoolId).Count == 0)
        {
            return OperatingStatus.NoMonitor;
        }

        return OperatingStatus.Online;
    }

    /// <summary>The load balancer a child belongs to, or null when the child or its pool is gone.</summary>
    public static string? LoadBalancerIdOf(ILbaasStoreWriter store, object child) => child switch
    {
        LoadBalancer lb => lb.Id,
        Listener listener => listener.LoadBalancerId,
        LoadBalancerPool pool => pool.LoadBalancerId,
        Member member => store.Find<LoadBalancerPool>(member.PoolId)?.LoadBalancerId,
        HealthMonitor monitor => store.Find<LoadBalancerPool>(monitor.PoolId)?.LoadBalancerId,
        _ => null,
    };

    /// <summary>Every child of a load balancer: listeners, pools, then the pools' members and health monitors.</summary>
    public static IEnumerable<(LoadBalancerObjectType Type, string Id, string Status)> ChildrenOf(ILbaasStoreWriter store, string loadBalancerId)
    {
        foreach (var listener in store.List<Listener>(l => l.LoadBalancerId == loadBalancerId))
        {
            yield return (LoadBalancerObjectType.Listener, listener.Id, listener.ProvisioningStatus);
        }

        foreach (var pool in store.List<LoadBalancerPool>(p => p.LoadBalancerId == loadBalancerId))
        {
            yield return (LoadBalancerObjectType.Pool, pool.Id, pool.ProvisioningStatus);
            foreach (var member in store.List<Member>(m => m.PoolId == pool.Id))
            {
                yield return (LoadBalancerObjectType.Member, member.Id, member.ProvisioningStatus);
            }

            foreach (var monitor in store.List<HealthMonitor>(h => h.PoolId == pool.Id))
            {
                yield return (LoadBalancerObjectType.HealthMonitor, monitor.Id, monitor.ProvisioningStatus);
            }
        }
    }

    /// <summary>
    /// Removes an object and what hangs off it: a load balancer with all its children and placement record; a pool
    /// with its members and health monitor (listeners using it as default pool lose it); a listener (pools keep
    /// existing without it).
    /// </summary>
    public static void Remove(ILbaasStoreWriter store, LoadBalancerObjectType type, string id)
    {
        switch (type)
        {
            case LoadBalancerObjectType.LoadBalancer:
                foreach (var (childType, childId, _) in ChildrenOf(store, id).ToList())
                {
                    Remove(store, childType, childId);
                }

                store.Delete<LoadBalancerPlacementRecord>(id);
                store.Delete<LoadBalancer>(id);
                break;
            case LoadBalancerObjectType.Listener:
                foreach (var pool in store.List<LoadBalancerPool>(p => p.ListenerId == id))
                {
                    store.Update(pool with { ListenerId = null });
                }

                store.Delete<Listener>(id);
                break;
            case LoadBalancerObjectType.Pool:
                foreach (var member in store.List<Member>(m => m.PoolId == id))
                {
                    store.Delete<Member>(member.Id);
                }

                foreach (var monitor in store.List<HealthMonitor>(h => h.PoolId == id))
                {
                    store.Delete<HealthMonitor>(monitor.Id);
                }

                foreach (var listener in store.List<Listener>(l => l.DefaultPoolId == id))
                {
                    store.Update(listener with { DefaultPoolId = null });
                }

                store.Delete<LoadBalancerPool>(id);
                break;
            case LoadBalancerObjectType.Member:
                store.Delete<Member>(id);
                break;
            default:
                store.Delete<HealthMonitor>(id);
                break;
        }
    }

    /// <summary>
    /// Octavia's <c>test_and_set_provisioning_status</c> on the load balancer: a change is allowed from ACTIVE, a
    /// delete from ACTIVE or ERROR; otherwise the load balancer is immutable. Sets <paramref name="status"/> and applies
    /// <paramref name="change"/> in the same unit.
    /// </summary>
    /// <exception cref="ResourceNotFoundException">The load balancer is gone.</exception>
    /// <exception cref="ImmutableObjectException">Its status forbids the change.</exception>
    public static LoadBalancer TestAndSetStatus(ILbaasStoreWriter store, string loadBalancerId, string status, DateTimeOffset now, Func<LoadBalancer, LoadBalancer>? change = null)
    {
        var lb = store.Find<LoadBalancer>(loadBalancerId) ?? throw new ResourceNotFoundException("Load Balancer", loadBalancerId);
        var allowed = status == ProvisioningStatus.PendingDelete
            ? lb.ProvisioningStatus is ProvisioningStatus.Active or ProvisioningStatus.Error
            : lb.ProvisioningStatus == ProvisioningStatus.Active;
        if (!allowed)
        {
            throw new ImmutableObjectException("Load Balancer", loadBalancerId, lb.ProvisioningStatus);
        }

        var changed = change is null ? lb : change(lb);
        return store.Update(changed with { ProvisioningStatus = status, UpdatedAt = now });
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
