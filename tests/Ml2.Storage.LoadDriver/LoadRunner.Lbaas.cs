using System.Globalization;
using Lbaas.Devices;
using Lbaas.Service;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Plugin;

namespace Ml2.Storage.LoadDriver;

/// <summary>
/// The optional LBaaS part of the load (<c>--lbaas &lt;N&gt;</c>): AddLbaas with a no-op driver behind provider
/// <c>noop</c>, the same <see cref="DeviceCount"/> devices on-boarded by every instance (idempotently), and
/// <see cref="LoadBalancerWorkers"/> workers sharing N load-balancer creates and deletes, VIP on the shared network.
/// </summary>
/// <remarks>
/// <para>Output lines (written once the load balancer settled, so nothing of this process is pending at <c>DONE</c>):</para>
/// <list type="bullet">
/// <item><c>OK create_lb &lt;id&gt; &lt;device id&gt;[,&lt;device id&gt;]</c> once it left PENDING_CREATE (ACTIVE; or already
/// being deleted by another instance, which needs it ACTIVE first).</item>
/// <item><c>TRY delete_lb &lt;id&gt;</c>, then <c>OK delete_lb &lt;id&gt;</c> once it is gone from the store, or
/// <c>NO delete_lb &lt;id&gt; &lt;exception&gt;</c> when the service refused (not found, or not ACTIVE: being created or
/// deleted by someone else).</item>
/// </list>
/// <para>
/// Each instance also creates (and acknowledges with <c>OK create_network</c>) <see cref="MemberNetworksPerInstance"/>
/// member networks named <c>&lt;instance&gt;-lbm-&lt;k&gt;</c>; the ML2 part of the load never deletes them, nor
/// load-balancer ports. A device hosts at most <see cref="MaxVips"/> load balancers on at most <see cref="MaxNetworks"/>
/// networks (the VIP network and member networks), so placement regularly finds devices full, by VIPs or by networks.
/// </para>
/// </remarks>
internal sealed partial class LoadRunner
{
    public const string LoadBalancerProvider = "noop";
    public const int DeviceCount = 6;
    public const int MaxVips = 4;
    public const int MaxNetworks = 3;
    private const int MemberNetworksPerInstance = 2;
    private const int LoadBalancerWorkers = 3;
    private const string MemberNetworkMarker = "-lbm-";
    private static readonly TimeSpan s_settleLimit = TimeSpan.FromSeconds(60);

    private readonly RandomBag<string> _loadBalancers = new();   // own load balancers
    private readonly List<string> _memberNetworks = [];
    private string[] _foreignLoadBalancers = [];
    private int _nextLoadBalancerOperation;

    /// <summary>The device ids every instance on-boards.</summary>
    public static IReadOnlyList<string> DeviceIds { get; } = [.. Enumerable.Range(0, DeviceCount).Select(i => $"lb-dev-{i}")];

    /// <summary>AddLbaas; <paramref name="keyRing"/> is the key ring directory that encrypts device passwords (<c>--key-ring</c>).</summary>
    private static ILbaasBuilder AddLoadBalancing(IServiceCollection services, string? keyRing) =>
        services.AddLbaas(o =>
        {
            o.Providers = [$"LOADBALANCERV2:{LoadBalancerProvider}:{NoOpLoadBalancerDriver.DriverName}:default"];
            o.AgentCount = 2;
            o.CredentialKeyRingDirectory = keyRing;
        }).AddLoadBalancerDriver(new NoOpLoadBalancerDriver());

    /// <summary>On-boards the devices (a conflict means another instance did it) and creates this instance's member networks.</summary>
    private async Task PrepareLoadBalancingAsync()
    {
        var registry = _provider.GetRequiredService<IDeviceRegistry>();
        for (var i = 0; i < DeviceCount; i++)
        {
            if (registry.Find(DeviceIds[i]) is not null)
            {
                continue;
            }

            try
            {
                await registry.OnboardAsync(new Device
                {
                    Id = DeviceIds[i],
                    Name = DeviceIds[i],
                    Provider = LoadBalancerProvider,
                    Kind = DeviceKind.Physical,
                    HostId = $"lb-host-{i}",
                    ManagementAddress = string.Create(CultureInfo.InvariantCulture, $"192.0.2.{10 + i}"),
                    Credentials = new DeviceCredentials("admin", "load-secret"),
                    Capacity = new DeviceCapacity(MaxVips, MaxNetworks),
                    ClusterId = $"rack-{i % 3}",
                }).ConfigureAwait(false);
            }
            catch (ConflictException)
            {
                // Another instance on-boarded it first: the reload below brings it into this instance's cache.
            }
        }

        await registry.ReloadAsync().ConfigureAwait(false);
        for (var k = 0; k < MemberNetworksPerInstance; k++)
        {
            var network = await _plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = $"{_options.Instance}{MemberNetworkMarker}{k}" }).ConfigureAwait(false);
            await ReportNetworkAsync(network).ConfigureAwait(false);
            _memberNetworks.Add(network.Id);
        }
    }

    private async Task LoadBalancerWorkAsync(ILoadBalancerService lbaas, Random random)
    {
        while (true)
        {
            var index = Interlocked.Increment(ref _nextLoadBalancerOperation);
            if (index > _options.LoadBalancerOperations)
            {
                return;
            }

            if (index % 25 == 0)
            {
                await RunAsync("refresh_lb", () => RefreshLoadBalancersAsync(lbaas)).ConfigureAwait(false);
            }

            Func<Task> operation = random.Next(100) < 55
                ? () => CreateLoadBalancerAsync(lbaas, random)
                : () => DeleteLoadBalancerAsync(lbaas, random);
            await RunAsync("lb_operation", operation).ConfigureAwait(false);
        }
    }

    private async Task CreateLoadBalancerAsync(ILoadBalancerService lbaas, Random random)
    {
        var created = await lbaas.CreateLoadBalancerAsync(s_admin, new LoadBalancerCreateRequest
        {
            Name = _options.Instance,
            VipNetworkId = _sharedNetwork,
            MemberNetworkId = _memberNetworks[random.Next(_memberNetworks.Count)],
            Topology = random.Next(5) == 0 ? LoadBalancerTopologies.ActiveStandby : LoadBalancerTopologies.Single,
        }).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + s_settleLimit;
        while (true)
        {
            string status;
            try
            {
                status = (await lbaas.GetLoadBalancerAsync(s_admin, created.Id).ConfigureAwait(false)).ProvisioningStatus;
            }
            catch (ResourceNotFoundException)
            {
                status = ProvisioningStatus.Deleted;   // ACTIVE, then deleted by another instance already
            }

            if (status == ProvisioningStatus.Error)
            {
                throw new InvalidOperationException($"Load balancer {created.Id} went to ERROR.");
            }

            if (status != ProvisioningStatus.PendingCreate)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Load balancer {created.Id} stayed PENDING_CREATE for {s_settleLimit.TotalSeconds:0} s.");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }

        _loadBalancers.Add(created.Id, created.Id);
        await WriteAsync($"OK create_lb {created.Id} {string.Join(',', created.DeviceIds)}").ConfigureAwait(false);
    }

    private async Task DeleteLoadBalancerAsync(ILoadBalancerService lbaas, Random random)
    {
        var id = random.Next(4) == 0 ? Pick(random, _foreignLoadBalancers) : _loadBalancers.TakeRandom(random)?.Id;
        if (id is null)
        {
            return;
        }

        await WriteAsync($"TRY delete_lb {id}").ConfigureAwait(false);
        try
        {
            await lbaas.DeleteLoadBalancerAsync(s_admin, id).ConfigureAwait(false);
        }
        catch (Ml2Exception ex)
        {
            await WriteAsync($"NO delete_lb {id} {ex.GetType().Name}").ConfigureAwait(false);
            throw;
        }

        var deadline = DateTime.UtcNow + s_settleLimit;
        while (true)
        {
            try
            {
                var lb = await lbaas.GetLoadBalancerAsync(s_admin, id).ConfigureAwait(false);
                if (lb.ProvisioningStatus != ProvisioningStatus.PendingDelete)
                {
                    throw new InvalidOperationException($"Load balancer {id} is {lb.ProvisioningStatus} after its delete was accepted.");
                }
            }
            catch (ResourceNotFoundException)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Load balancer {id} stayed PENDING_DELETE for {s_settleLimit.TotalSeconds:0} s.");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }

        _loadBalancers.Remove(id);
        await WriteAsync($"OK delete_lb {id}").ConfigureAwait(false);
    }

    /// <summary>Lists the other instances' load balancers, for deletes that collide.</summary>
    private async Task RefreshLoadBalancersAsync(ILoadBalancerService lbaas)
    {
        var all = await lbaas.ListLoadBalancersAsync(s_admin).ConfigureAwait(false);
        lock (_cacheGate)
        {
            _foreignLoadBalancers = [.. all.Where(lb => lb.Name != _options.Instance).Select(lb => lb.Id)];
        }
    }

    private static bool IsMemberNetwork(string? name) => name is not null && name.Contains(MemberNetworkMarker, StringComparison.Ordinal);

    /// <summary>A load-balancer driver whose device calls all succeed at once.</summary>
    private sealed class NoOpLoadBalancerDriver : ILoadBalancerDriver
    {
        public const string DriverName = "noop-lb";

        public string Name => DriverName;

        public LoadBalancerDriverCapabilities Capabilities { get; } = new()
        {
            Kind = DeviceKind.Physical,
            MaxVipsPerDevice = 64,
            MaxNetworksPerInterface = 16,
            Topologies = new HashSet<string> { LoadBalancerTopologies.Single, LoadBalancerTopologies.ActiveStandby },
        };
    }
}
