using Ml2.Exceptions;
using Ml2.Resilience;

namespace Lbaas.Storage;

/// <summary>What Lbaas.Core adds on top of the store contract: filtered lists and re-running a unit that lost a race.</summary>
internal static class LbaasStateStoreExtensions
{
    /// <summary>The <c>ml2.operation</c> under which re-runs of LBaaS store units are counted in <c>ml2.retries</c>.</summary>
    public const string RetryOperation = "lbaas_write";

    /// <summary>The objects of a type that match <paramref name="predicate"/>, in insertion order.</summary>
    public static async ValueTask<List<T>> ListWhereAsync<T>(this ILbaasStateWriter writer, Func<T, bool> predicate, CancellationToken cancellationToken = default)
        where T : class
    {
        var all = await writer.ListAsync<T>(cancellationToken).ConfigureAwait(false);
        return [.. all.Where(predicate)];
    }

    /// <summary>
    /// Runs a unit, re-running it (from a fresh read) when another writer changed a load balancer it updates
    /// (<see cref="ConcurrencyConflictException"/>), through the SDK's retry policy (<paramref name="retry"/>: bounded,
    /// exponential backoff with jitter), as Neutron's DB retry does. Any other error surfaces at once.
    /// </summary>
    public static ValueTask<TResult> WriteWithRetryAsync<TResult>(this ILbaasStateStore store, ConflictRetry retry, Func<ILbaasStateWriter, ValueTask<TResult>> work, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(RetryOperation, static (state, ct) => state.Store.WriteAsync(state.Work, ct), (Store: store, Work: work), cancellationToken);
}
