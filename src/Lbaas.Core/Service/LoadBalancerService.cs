using Lbaas.Agents;
using Lbaas.Providers;
using Lbaas.Storage;
using Microsoft.Extensions.Logging;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Plugin;
using Ml2.Resilience;

namespace Lbaas.Service;

/// <summary>
/// The load-balancer service. Every change validates its input first, then takes Octavia's lock on the load balancer
/// (<see cref="ObjectGraph.TestAndSetStatusAsync"/>) and writes the PENDING_* state in one store unit, then hands one
/// operation per device to the agent that owns it (<see cref="AgentJobs"/>); <see cref="StatusReporter"/> applies the
/// agents' reports. A load balancer's create, from placement to ACTIVE, is <see cref="LoadBalancerLifecycle"/>. Split by
/// resource: LoadBalancerService.LoadBalancers.cs, .Listeners.cs, .Pools.cs, .Members.cs, .HealthMonitors.cs.
/// </summary>
internal sealed partial class LoadBalancerService : ILoadBalancerService
{
    private readonly IMl2Plugin _ml2;
    private readonly ProviderCatalog _providers;
    private readonly LoadBalancerLifecycle _lifecycle;
    private readonly AgentJobs _jobs;
    private readonly ILbaasObjectStore _store;
    private readonly LbaasRuntime _runtime;
    private readonly TimeProvider _time;
    private readonly ILogger<LoadBalancerService> _logger;
    private readonly ConflictRetry _retry;

    public LoadBalancerService(
        IMl2Plugin ml2,
        ProviderCatalog providers,
        LoadBalancerLifecycle lifecycle,
        AgentJobs jobs,
        ILbaasObjectStore store,
        LbaasRuntime runtime,
        TimeProvider time,
        ILogger<LoadBalancerService> logger,
        ConflictRetry retry)
    {
        _retry = retry;
        _ml2 = ml2;
        _providers = providers;
        _lifecycle = lifecycle;
        _jobs = jobs;
        _store = store;
        _runtime = runtime;
        _time = time;
        _logger = logger;
    }

    public IReadOnlyList<LoadBalancerProvider> ListProviders() => _providers.Providers;

    public IReadOnlyList<LoadBalancerFlavor> ListFlavors() => _providers.Flavors;

    private static bool CanSee(CallerContext caller, string tenantId) => caller.IsAdmin || tenantId == caller.TenantId;

    /// <summary>A load balancer as the caller may see it: device ids are for admins only.</summary>
    private static LoadBalancer View(CallerContext caller, LoadBalancer lb) =>
        caller.IsAdmin || lb.DeviceIds.Count == 0 ? lb : lb with { DeviceIds = [] };

    private static void CheckCaller(CallerContext caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentException.ThrowIfNullOrWhiteSpace(caller.TenantId, nameof(caller));
    }

    private string NewId() => LbaasIds.New(_time);

    /// <summary>Reads an object the caller can see; others' objects do not exist for a non-admin.</summary>
    private static async ValueTask<T> VisibleAsync<T>(ILbaasObjectReader<T> table, CallerContext caller, string id, Func<T, string> tenantOf, CancellationToken cancellationToken)
        where T : class
    {
        LbaasInput.Id("id", id);
        var value = await table.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (value is null || !CanSee(caller, tenantOf(value)))
        {
            throw new ResourceNotFoundException(LbaasStoredTypes.ResourceName(typeof(T)), id);
        }

        return value;
    }

    private static async ValueTask<IReadOnlyList<T>> ListVisibleAsync<T>(ILbaasObjectReader<T> table, CallerContext caller, Func<T, string> tenantOf, Func<T, bool> filter, CancellationToken cancellationToken)
        where T : class
    {
        var all = await table.ListAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Where(v => CanSee(caller, tenantOf(v)) && filter(v))];
    }

    /// <summary>Hands the change to the agents as one job (<see cref="AgentJobs"/>).</summary>
    private ValueTask SubmitAsync<T>(AgentOperationAction action, LoadBalancer lb, T current, T? original, string objectId, CancellationToken cancellationToken)
        where T : class =>
        _jobs.SubmitAsync(action, lb, current, original, objectId, cancellationToken);
}
