using Lbaas.Agents;
using Lbaas.Storage;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Plugin;

namespace Lbaas.Service;

internal sealed partial class LoadBalancerService
{
    /// <summary>
    /// Creates a child object of a load balancer (listener, pool, member, health monitor) under Octavia's lock: builds
    /// the PENDING_CREATE record, sets the load balancer PENDING_UPDATE, runs the child's own checks and inserts the
    /// record in one store unit, then hands the operation to the agents.
    /// </summary>
    private async ValueTask<T> CreateChildAsync<T>(ChildKind<T> kind, string loadBalancerId, Func<DateTimeOffset, T> build, Func<ILbaasTransaction, T, ValueTask>? check, CancellationToken cancellationToken)
        where T : class
    {
        await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var child = build(now);
        var lb = await _store.WriteWithRetryAsync(
            _retry,
            async w =>
            {
                var locked = await ObjectGraph.TestAndSetStatusAsync(w, loadBalancerId, ProvisioningStatus.PendingUpdate, now).ConfigureAwait(false);
                if (check is not null)
                {
                    await check(w, child).ConfigureAwait(false);
                }

                await kind.Table(w).AddAsync(child).ConfigureAwait(false);
                return locked;
            },
            cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Create, lb, child, null, kind.IdOf(child), cancellationToken).ConfigureAwait(false);
        return child;
    }

    /// <summary>
    /// Updates a child object under Octavia's lock: <paramref name="change"/> gives the new field values and the record
    /// is written PENDING_UPDATE together with its load balancer's PENDING_UPDATE.
    /// </summary>
    private async ValueTask<T> UpdateChildAsync<T>(ChildKind<T> kind, string id, Func<ILbaasTransaction, T, ValueTask<T>> change, CancellationToken cancellationToken)
        where T : class
    {
        var (lb, original, updated) = await LockChildAsync(kind, id, ProvisioningStatus.PendingUpdate, (w, before, _) => change(w, before), cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Update, lb, updated, original, id, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>
    /// Deletes a child object the caller can see under Octavia's lock: the record is written PENDING_DELETE together
    /// with its load balancer's PENDING_UPDATE; <paramref name="cascade"/> marks what goes with it.
    /// </summary>
    private async ValueTask DeleteChildAsync<T>(CallerContext caller, ChildKind<T> kind, string id, Func<ILbaasTransaction, DateTimeOffset, ValueTask>? cascade, CancellationToken cancellationToken)
        where T : class
    {
        CheckCaller(caller);
        await VisibleAsync(kind.Committed(_store), caller, id, kind.TenantOf, cancellationToken).ConfigureAwait(false);
        var (lb, _, deleted) = await LockChildAsync(
            kind,
            id,
            ProvisioningStatus.PendingDelete,
            async (w, current, now) =>
            {
                if (cascade is not null)
                {
                    await cascade(w, now).ConfigureAwait(false);
                }

                return current;
            },
            cancellationToken).ConfigureAwait(false);
        await SubmitAsync(AgentOperationAction.Delete, lb, deleted, null, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One store unit: finds the child, locks its load balancer (PENDING_UPDATE), refuses a child that is itself
    /// pending, and writes the changed child with <paramref name="status"/>.
    /// </summary>
    private async ValueTask<(LoadBalancer Lb, T Before, T After)> LockChildAsync<T>(ChildKind<T> kind, string id, string status, Func<ILbaasTransaction, T, DateTimeOffset, ValueTask<T>> change, CancellationToken cancellationToken)
        where T : class
    {
        await _runtime.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        return await _store.WriteWithRetryAsync(
            _retry,
            async w =>
            {
                var before = await kind.Table(w).FindAsync(id).ConfigureAwait(false) ?? throw new ResourceNotFoundException(kind.ResourceName, id);
                var loadBalancerId = await kind.LoadBalancerOf(w, before).ConfigureAwait(false);
                var locked = await ObjectGraph.TestAndSetStatusAsync(w, loadBalancerId, ProvisioningStatus.PendingUpdate, now).ConfigureAwait(false);
                ObjectGraph.EnsureNotPending(kind.Type, id, kind.StatusOf(before));
                var changed = await change(w, before, now).ConfigureAwait(false);
                var after = await kind.Table(w).UpdateAsync(kind.WithStatus(changed, status, now)).ConfigureAwait(false);
                return (locked, before, after);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pool a member or health monitor hangs off, inside a store unit.</summary>
    private static async ValueTask<LoadBalancerPool> ParentPoolAsync(ILbaasTransaction w, string poolId) =>
        await w.Pools.FindAsync(poolId).ConfigureAwait(false) ?? throw new ResourceNotFoundException("Pool", poolId);

    /// <summary>What the shared child operations need to know about one child type.</summary>
    /// <param name="Committed">The child's table in the store (committed objects).</param>
    /// <param name="Table">The child's table inside a store transaction.</param>
    /// <param name="ResourceName">The name in a not-found error.</param>
    /// <param name="Type">The object type in a pending error.</param>
    /// <param name="IdOf">The child's id.</param>
    /// <param name="TenantOf">The child's tenant.</param>
    /// <param name="StatusOf">The child's provisioning status.</param>
    /// <param name="LoadBalancerOf">The id of the load balancer the child belongs to, inside a store unit.</param>
    /// <param name="WithStatus">The child with a new provisioning status and update time.</param>
    private sealed record ChildKind<T>(
        Func<ILbaasObjectStore, ILbaasObjectReader<T>> Committed,
        Func<ILbaasTransaction, ILbaasObjectRepository<T>> Table,
        string ResourceName,
        LoadBalancerObjectType Type,
        Func<T, string> IdOf,
        Func<T, string> TenantOf,
        Func<T, string> StatusOf,
        Func<ILbaasTransaction, T, ValueTask<string>> LoadBalancerOf,
        Func<T, string, DateTimeOffset, T> WithStatus)
        where T : class;
}
