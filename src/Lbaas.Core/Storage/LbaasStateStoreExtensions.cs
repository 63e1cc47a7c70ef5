using Ml2.Exceptions;
using Ml2.Resilience;

namespace Lbaas.Storage;

/// <summary>What Lbaas.Core adds on top of the store contracts: filtered lists and running a transaction, re-run when it lost a race.</summary>
internal static class LbaasStateStoreExtensions
{
    /// <summary>The <c>ml2.operation</c> under which re-runs of LBaaS store transactions are counted in <c>ml2.retries</c>.</summary>
    public const string RetryOperation = "lbaas_write";

    /// <summary>The objects of a table that match <paramref name="predicate"/>, in insertion order.</summary>
    public static async ValueTask<List<T>> ListWhereAsync<T>(this ILbaasObjectReader<T> reader, Func<T, bool> predicate, CancellationToken cancellationToken = default)
        where T : class
    {
        var all = await reader.ListAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Where(predicate)];
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed when it returns (with <paramref name="cancellationToken"/>
    /// not cancelled), rolled back when it throws.
    /// </summary>
    public static async ValueTask<TResult> WriteAsync<TResult>(this ILbaasObjectStore store, Func<ILbaasTransaction, ValueTask<TResult>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var tx = await store.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (tx.ConfigureAwait(false))
        {
            var result = await work(tx).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    /// <summary>
    /// Runs a transaction (<see cref="WriteAsync{TResult}"/>), re-running it (from a fresh read) when another writer
    /// changed a load balancer it updates (<see cref="ConcurrencyConflictException"/>), through the SDK's retry policy
    /// (<paramref name="retry"/>: bounded, exponential backoff with jitter), as Neutron's DB retry does. Any other error
    /// surfaces at once.
    /// </summary>
    public static ValueTask<TResult> WriteWithRetryAsync<TResult>(this ILbaasObjectStore store, ConflictRetry retry, Func<ILbaasTransaction, ValueTask<TResult>> work, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(RetryOperation, static (state, ct) => state.Store.WriteAsync(state.Work, ct), (Store: store, Work: work), cancellationToken);
}
