using Lbaas.Configuration;
using Lbaas.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Ml2.Health;
using Lbaas;

namespace Lbaas.Health;

/// <summary>
/// The <c>lbaas-pending</c> check: Degraded when a load balancer has been PENDING_CREATE, PENDING_UPDATE or
/// PENDING_DELETE (<see cref="ProvisioningStatus.IsPending"/>) since its last change for longer than
/// <see cref="LbaasHealthCheckOptions.PendingMaxAge"/>, as the pending reaper judges age; otherwise Healthy. The reaper
/// moves such load balancers to ERROR after <see cref="LbaasOptions.PendingTimeout"/>, which ends the report.
/// </summary>
internal sealed class PendingLoadBalancersHealthCheck(
    ILbaasObjectStore store, TimeProvider time, IOptionsMonitor<LbaasHealthCheckOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<LoadBalancer> loadBalancers;
        try
        {
            loadBalancers = await store.LoadBalancers.ListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus, $"The load balancers could not be read from the LBaaS state store: {ex.GetType().Name}: {ex.Message}", ex);
        }

        var now = time.GetUtcNow();
        var maxAge = options.CurrentValue.PendingMaxAge;
        var pending = loadBalancers.Where(lb => ProvisioningStatus.IsPending(lb.ProvisioningStatus)).ToList();
        var stuck = pending.Where(lb => now - lb.UpdatedAt > maxAge).OrderBy(lb => lb.UpdatedAt).ToList();
        var data = new Dictionary<string, object>
        {
            ["load_balancers"] = loadBalancers.Count,
            ["pending"] = pending.Count,
            ["stuck"] = stuck.Count,
            ["pending_max_age_seconds"] = maxAge.TotalSeconds,
        };
        if (stuck.Count == 0)
        {
            return HealthCheckResult.Healthy(
                $"No load balancer has been PENDING_* for longer than {maxAge} ({pending.Count} pending now).", data);
        }

        var listed = stuck.Take(Ml2HealthChecks.MaxListedIds).ToList();
        data["stuck_load_balancers"] = listed.Select(lb => lb.Id).ToArray();
        var more = stuck.Count > listed.Count ? $" and {stuck.Count - listed.Count} more" : "";
        var described = string.Join(", ", listed.Select(lb => $"{lb.Id} ({lb.ProvisioningStatus} for {Seconds(now - lb.UpdatedAt)})"));
        return HealthCheckResult.Degraded(
            $"{stuck.Count} load {(stuck.Count == 1 ? "balancer has" : "balancers have")} been PENDING_* for longer than lbaas:health:PendingMaxAge ({maxAge}): {described}{more}. " +
            "Their agent or driver has not reported; the reaper moves them to ERROR after lbaas:PendingTimeout.",
            data: data);
    }

    private static string Seconds(TimeSpan age) => TimeSpan.FromSeconds(Math.Round(age.TotalSeconds)).ToString();
}
