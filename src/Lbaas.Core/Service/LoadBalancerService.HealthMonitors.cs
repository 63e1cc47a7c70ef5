using Lbaas.Agents;
using Lbaas.Storage;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Plugin;

namespace Lbaas.Service;

internal sealed partial class LoadBalancerService
{
    private static readonly ChildKind<HealthMonitor> HealthMonitorKind = new(
        s => s.HealthMonitors,
        w => w.HealthMonitors,
        "Health Monitor",
        LoadBalancerObjectType.HealthMonitor,
        h => h.Id,
        h => h.TenantId,
        h => h.ProvisioningStatus,
        async (w, h) => (await ParentPoolAsync(w, h.PoolId).ConfigureAwait(false)).LoadBalancerId,
        (h, status, now) => h with { ProvisioningStatus = status, UpdatedAt = now });

    public async ValueTask<HealthMonitor> CreateHealthMonitorAsync(CallerContext caller, HealthMonitorCreateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        LbaasInput.Id("pool_id", request.PoolId);
        var pool = await VisibleAsync(_store.Pools, caller, request.PoolId, p => p.TenantId, cancellationToken).ConfigureAwait(false);
        var type = LbaasInput.OneOf("type", request.Type, LbaasInput.MonitorTypes);
        var (delay, timeout, retries) = MonitorTimings(request.Delay ?? 5, request.Timeout ?? 5, request.MaxRetries ?? 3);
        return await CreateChildAsync(
            HealthMonitorKind,
            pool.LoadBalancerId,
            now => new HealthMonitor
            {
                Id = NewId(),
                TenantId = pool.TenantId,
                PoolId = pool.Id,
                Type = type,
                Delay = delay,
                Timeout = timeout,
                MaxRetries = retries,
                AdminStateUp = request.AdminStateUp ?? true,
                ProvisioningStatus = ProvisioningStatus.PendingCreate,
                OperatingStatus = OperatingStatus.Offline,
                UpdatedAt = now,
            },
            async (w, _) =>
            {
                if ((await w.HealthMonitors.ListWhereAsync(h => h.PoolId == pool.Id).ConfigureAwait(false)).Count > 0)
                {
                    throw new ConflictException("This pool already has a health monitor");
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<HealthMonitor> GetHealthMonitorAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await VisibleAsync(_store.HealthMonitors, caller, id, h => h.TenantId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<HealthMonitor>> ListHealthMonitorsAsync(CallerContext caller, string? poolId = null, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        return await ListVisibleAsync(_store.HealthMonitors, caller, h => h.TenantId, h => poolId is null || h.PoolId == poolId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<HealthMonitor> UpdateHealthMonitorAsync(CallerContext caller, string id, HealthMonitorUpdateRequest request, CancellationToken cancellationToken = default)
    {
        CheckCaller(caller);
        ArgumentNullException.ThrowIfNull(request);
        var existing = await VisibleAsync(_store.HealthMonitors, caller, id, h => h.TenantId, cancellationToken).ConfigureAwait(false);
        MonitorTimings(request.Delay ?? existing.Delay, request.Timeout ?? existing.Timeout, request.MaxRetries ?? existing.MaxRetries);
        return await UpdateChildAsync(
            HealthMonitorKind,
            id,
            (_, before) =>
            {
                var (delay, timeout, retries) = MonitorTimings(request.Delay ?? before.Delay, request.Timeout ?? before.Timeout, request.MaxRetries ?? before.MaxRetries);
                return ValueTask.FromResult(before with
                {
                    Delay = delay,
                    Timeout = timeout,
                    MaxRetries = retries,
                    AdminStateUp = request.AdminStateUp ?? before.AdminStateUp,
                });
            },
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DeleteHealthMonitorAsync(CallerContext caller, string id, CancellationToken cancellationToken = default) =>
        DeleteChildAsync(caller, HealthMonitorKind, id, null, cancellationToken);

    /// <summary>Octavia's health monitor limits: delay and timeout at least 1 second with delay at least the timeout, 1-10 retries.</summary>
    private static (int Delay, int Timeout, int MaxRetries) MonitorTimings(int delay, int timeout, int maxRetries)
    {
        LbaasInput.Range("delay", delay, 1, int.MaxValue);
        LbaasInput.Range("timeout", timeout, 1, int.MaxValue);
        LbaasInput.Range("max_retries", maxRetries, 1, 10);
        if (delay < timeout)
        {
            throw new InvalidInputException("delay", delay, "'delay' must be greater than or equal to 'timeout'");
        }

        return (delay, timeout, maxRetries);
    }
}
