using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ml2.Storage;

namespace Ml2.Health;

/// <summary>
/// The <c>ml2-store</c> check. A store that implements <see cref="IHealthCheck"/> itself (the SQL stores: reachable and
/// at the right schema version) is asked directly; any other store is healthy when a read-only transaction opens and
/// closes (the in-memory store always does).
/// </summary>
internal sealed class StoreHealthCheck(IMl2Store store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (store is IHealthCheck own)
        {
            return await own.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var name = store.GetType().Name;
        var data = new Dictionary<string, object> { ["store"] = name };
        try
        {
            var transaction = await store.BeginReadOnlyTransactionAsync(cancellationToken).ConfigureAwait(false);
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The ML2 store ({name}) could not open a read-only transaction: {ex.GetType().Name}: {ex.Message}",
                ex,
                data);
        }

        return HealthCheckResult.Healthy($"The ML2 store ({name}) answers.", data);
    }
}
