using Lbaas.Agents;
using Lbaas.Devices;
using Lbaas.Placement;
using Lbaas.Providers;
using Lbaas.Storage;
using Lbaas.Wiring;
using Microsoft.Extensions.Logging;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Plugin;
using Ml2.Resilience;

namespace Lbaas.Service;

/// <summary>
/// The load-balancer service. Every change validates its input first, then takes Octavia's lock on the load balancer
/// (<see cref="ObjectGraph.TestAndSetStatusAsync"/>) and writes the PENDING_* state in one store unit, then hands one
/// operation per device to the agent that owns it; <see cref="StatusReporter"/> applies the agents' reports. Split by
/// resource: LoadBalancerService.LoadBalancers.cs, .Listeners.cs, .Pools.cs, .Members.cs, .HealthMonitors.cs.
/// </summary>
internal sealed partial class LoadBalancerService : ILoadBalancerService
{
    private readonly IMl2Plugin _ml2;
    private readonly ProviderCatalog _providers;
    private readonly IDeviceScheduler _scheduler;
    private readonly IDeviceWiring _wiring;
    private readonly IDeviceRegistry _registry;
    private readonly DeviceReleaser _devices;
    private readonly ILbaasObjectStore _store;
    private readonly AgentDispatcher _dispatcher;
    private readonly LbaasRuntime _runtime;
    private readonly TimeProvider _time;
    private readonly ILogger<LoadBalancerService> _logger;
    private readonly ConflictRetry _retry;

    public LoadBalancerService(
        IMl2Plugin ml2,
        ProviderCatalog providers,
        IDeviceScheduler scheduler,
        IDeviceWiring wiring,
        IDeviceRegistry registry,
        DeviceReleaser devices,
        ILbaasObjectStore store,
        AgentDispatcher dispatcher,
        LbaasRuntime runtime,
        TimeProvider time,
        ILogger<LoadBalancerService> logger,
        ConflictRetry retry)
    {
        _retry = retry;
        _ml2 = ml2;
        _providers = providers;
        _scheduler = scheduler;
        _wiring = wiring;
        _registry = registry;
        _devices = devices;
        _store = store;
        _dispatcher = dispatcher;
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

    private string NewId() => Guid.CreateVersion7(_time.GetUtcNow()).ToString();

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

    /// <summary>
    /// Hands one operation per device of the load balancer to the owning agents, as one job; a load balancer on no
    /// device (its wiring failed) completes at once.
    /// </summary>
    private ValueTask SubmitAsync<T>(AgentOperationAction action, LoadBalancer lb, T current, T? original, string objectId, CancellationToken cancellationToken)
        where T : class
    {
        var operations = new List<AgentOperation>(lb.DeviceIds.Count);
        foreach (var deviceId in lb.DeviceIds)
        {
            operations.Add(new AgentOperation<T>
            {
                Id = NewId(),
                Action = action,
                Provider = lb.Provider,
                DeviceId = deviceId,
                LoadBalancer = lb,
                Current = current,
                Original = original,
            });
        }

        var job = new OperationJob(action, AgentOperation<T>.TypeOfObject, objectId, lb, operations.Count);
        return _dispatcher.SubmitAsync(job, operations, cancellationToken);
    }
}
