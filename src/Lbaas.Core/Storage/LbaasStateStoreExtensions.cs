using Ml2.Exceptions;

namespace Lbaas.Storage;

/// <summary>What Lbaas.Core adds on top of the store contract: filtered lists and re-running a unit that lost a race.</summary>
internal static class LbaasStateStoreExtensions
{
    /// <summary>How often a unit is re-run after a <see cref="ConcurrencyConflictException"/> before the error surfaces.</summary>
    public const int MaxWriteAttempts = 5;

    /// <summary>The objects of a type that match <paramref name="predicate"/>, in insertion order.</summary>
    public static async ValueTask<List<T>> ListWhereAsync<T>(this ILbaasStateWriter writer, Func<T, bool> predicate, CancellationToken cancellationToken = default)
        where T : class
    {
        var all = await writer.ListAsync<T>(cancellationToken).ConfigureAwait(false);
        return [.. all.Where(predicate)];
    }

    /// <summary>
    /// Runs a unit, re-running it (from a fresh read) when another writer changed a load balancer it updates
    /// (<see cref="ConcurrencyConflictException"/>), at most <see cref="MaxWriteAttempts"/> times, as Neutron's DB retry does.
    /// </summary>
    public static async ValueTask<TResult> WriteWithRetryAsync<TResult>(this ILbaasStateStore store, Func<ILbaasStateWriter, ValueTask<TResult>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.WriteAsync(work, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxWriteAttempts)
            {
            }
        }
    }
}
