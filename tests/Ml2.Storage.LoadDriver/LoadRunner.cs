using System.Globalization;
using Lbaas.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Storage.LoadDriver;

/// <summary>
/// Runs the load of one controller instance: <c>--concurrency</c> workers share <c>--ops</c> operations drawn from
/// a seeded mix of network, subnet and port creates and deletes.
/// </summary>
/// <remarks>
/// <para>Standard output protocol (one line each, flushed at once, written only after the plugin call returned):</para>
/// <list type="bullet">
/// <item><c>START &lt;instance&gt; &lt;pid&gt;</c> once the plugin started.</item>
/// <item><c>OK create_network &lt;id&gt; &lt;vni&gt;</c></item>
/// <item><c>OK create_subnet &lt;id&gt; &lt;network id&gt; &lt;cidr&gt;</c></item>
/// <item><c>OK create_port &lt;id&gt; &lt;network id&gt; &lt;mac&gt; &lt;subnet id&gt;=&lt;ip&gt;[,...]</c> (<c>-</c> without fixed IPs)</item>
/// <item><c>TRY delete_port &lt;id&gt;</c> before a delete is attempted, <c>OK delete_port &lt;id&gt;</c> when it returned;
/// likewise <c>delete_network</c>; <c>NO delete_port &lt;id&gt; &lt;exception&gt;</c> when the plugin refused (the resource was
/// not deleted by this call). A process killed after <c>TRY</c> and before either may or may not have deleted it.</item>
/// <item><c>DONE ok=&lt;n&gt; rejected=&lt;n&gt; conflicts=&lt;n&gt; errors=&lt;n&gt;</c> at the end.</item>
/// <item>With <c>--lbaas</c>, load-balancer lines too: see LoadRunner.Lbaas.cs.</item>
/// </list>
/// <para>
/// With <c>--journal-file</c> a journaled mechanism driver (<see cref="JournalFileDriver"/>) is added and this process
/// runs the journal worker with a short poll interval and a short lock timeout (entries a killed process held are taken
/// back after <see cref="JournalLockTimeout"/>). With <c>--linger</c> the process stays up after <c>DONE</c>, its
/// journal worker still delivering, until its standard input ends.
/// </para>
/// <para>
/// Collisions with other instances are made likely on purpose: most ports go to one shared network and subnet
/// (<c>--shared-network</c>, or the network named <c>shared</c>, created when missing), some ask for a fixed IP
/// from a 50-address window or a MAC from a 40-address window, and deletes pick other instances' ports and
/// networks from a periodically refreshed listing.
/// </para>
/// <para>Exit code: 0; 1 when an operation failed with an unexpected error (on standard error); 2 for bad arguments.</para>
/// </remarks>
internal sealed partial class LoadRunner : IAsyncDisposable
{
    /// <summary>The journal lock timeout with <c>--journal-file</c>.</summary>
    public static readonly TimeSpan JournalLockTimeout = TimeSpan.FromSeconds(3);

    private const string SharedName = "shared";
    private const string SharedCidr = "10.0.0.0/16";
    private static readonly CallerContext s_admin = CallerContext.Admin("load");

    private readonly LoadOptions _options;
    private readonly ServiceProvider _provider;
    private readonly IMl2Plugin _plugin;
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly RandomBag<OwnNetwork> _networks = new();
    private readonly RandomBag<string> _ports = new();   // own ports: id -> network id
    private readonly Lock _cacheGate = new();
    private string[] _foreignPorts = [];
    private string[] _foreignNetworks = [];
    private string[] _networksWithSubnets = [];
    private string _sharedNetwork = "";
    private string _sharedSubnet = "";
    private int _next;
    private int _ok;
    private int _rejected;
    private int _conflicts;
    private int _errors;

    private LoadRunner(LoadOptions options, ServiceProvider provider, IMl2Plugin plugin, TextWriter output, TextWriter error)
    {
        _options = options;
        _provider = provider;
        _plugin = plugin;
        _out = output;
        _error = error;
    }

    /// <summary>Composes AddMl2 over the chosen store and starts the plugin.</summary>
    public static async Task<LoadRunner> StartAsync(LoadOptions options, TextWriter output, TextWriter error)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new StandardErrorLoggerProvider(error)));
        var builder = services.AddMl2(o =>
        {
            o.TypeDrivers = ["local", "flat", "vlan", "vxlan"];
            o.TenantNetworkTypes = ["vxlan"];
            o.Vlan.NetworkVlanRanges = ["physnet1:100:199"];
            o.Vxlan.VniRanges = ["1:16777215"];
            o.Flat.FlatNetworks = ["physnet1"];
            o.MechanismDrivers = options.JournalFile is null ? ["noop-audit", "noop-switch"] : ["noop-audit", "noop-switch", JournalFileDriver.DriverName];
            o.MaxOperationRetries = 50;
            o.Journal.PollInterval = TimeSpan.FromMilliseconds(100);
            o.Journal.LockTimeout = JournalLockTimeout;
            o.Journal.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
            o.Journal.RetryMaxDelay = TimeSpan.FromSeconds(1);
        })
            .UseRandomSource(new TestRandom(options.Seed))
            .AddMechanismDriver(new NoOpDriver("noop-audit"))
            .AddMechanismDriver(new NoOpDriver("noop-switch"));
        if (options.JournalFile is not null)
        {
            builder.AddMechanismDriver(new JournalFileDriver(options.JournalFile));
        }

        var lbaas = options.LoadBalancerOperations > 0 ? AddLoadBalancing(services, options.KeyRing) : null;
        if (options.Store == "sqlite")
        {
            builder.UseSqliteStore(options.ConnectionString, o => o.BusyTimeout = TimeSpan.FromSeconds(60));
            lbaas?.UseSqliteStore(options.ConnectionString, o => o.BusyTimeout = TimeSpan.FromSeconds(60));
        }
        else
        {
            builder.UsePostgreSqlStore(options.ConnectionString);
            lbaas?.UsePostgreSqlStore(options.ConnectionString);
        }

        var provider = services.BuildServiceProvider();
        try
        {
            var plugin = await provider.StartMl2Async().ConfigureAwait(false);
            if (options.LoadBalancerOperations > 0)
            {
                await provider.StartLbaasAsync().ConfigureAwait(false);
            }

            return new LoadRunner(options, provider, plugin, output, error);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the operations; returns the exit code.</summary>
    public async Task<int> RunAsync()
    {
        await WriteAsync($"START {_options.Instance} {Environment.ProcessId}").ConfigureAwait(false);
        await FindOrCreateSharedAsync().ConfigureAwait(false);
        var workers = new List<Task>();
        if (_options.LoadBalancerOperations > 0)
        {
            await PrepareLoadBalancingAsync().ConfigureAwait(false);
            var lbaas = _provider.GetRequiredService<ILoadBalancerService>();
            await RefreshLoadBalancersAsync(lbaas).ConfigureAwait(false);
            workers.AddRange(Enumerable.Range(0, LoadBalancerWorkers)
                .Select(worker => Task.Run(() => LoadBalancerWorkAsync(lbaas, new Random(unchecked((_options.Seed * 104729) + worker))))));
        }

        await RefreshAsync().ConfigureAwait(false);
        workers.AddRange(Enumerable.Range(0, _options.Concurrency)
            .Select(worker => Task.Run(() => WorkAsync(new Random(unchecked((_options.Seed * 7919) + worker))))));
        await Task.WhenAll(workers).ConfigureAwait(false);
        await WriteAsync($"DONE ok={_ok} rejected={_rejected} conflicts={_conflicts} errors={_errors}").ConfigureAwait(false);
        if (_options.Linger)
        {
            // Keep the plugin (and its journal worker) running until the test closes standard input.
            using var input = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (await input.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        }

        return _errors == 0 ? 0 : 1;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private async Task FindOrCreateSharedAsync()
    {
        if (_options.SharedNetworkId is { } id)
        {
            _sharedNetwork = (await _plugin.GetNetworkAsync(s_admin, id).ConfigureAwait(false)).Id;
        }
        else
        {
            var existing = await _plugin.ListNetworksAsync(s_admin, ListFilter.Where("name", SharedName)).ConfigureAwait(false);
            if (existing.Count > 0)
            {
                _sharedNetwork = existing.OrderBy(n => n.CreatedAt).First().Id;
            }
            else
            {
                var network = await _plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = SharedName }).ConfigureAwait(false);
                await ReportNetworkAsync(network).ConfigureAwait(false);
                _sharedNetwork = network.Id;
            }
        }

        var subnets = await _plugin.ListSubnetsAsync(s_admin, ListFilter.Where("network_id", _sharedNetwork)).ConfigureAwait(false);
        if (subnets.Count > 0)
        {
            _sharedSubnet = subnets[0].Id;
            return;
        }

        var subnet = await _plugin.CreateSubnetAsync(s_admin, new SubnetCreateRequest { NetworkId = _sharedNetwork, Cidr = SharedCidr, Name = SharedName })
            .ConfigureAwait(false);
        await WriteAsync($"OK create_subnet {subnet.Id} {subnet.NetworkId} {subnet.Cidr}").ConfigureAwait(false);
        _sharedSubnet = subnet.Id;
    }

    private async Task WorkAsync(Random random)
    {
        while (true)
        {
            var index = Interlocked.Increment(ref _next);
            if (index > _options.Operations)
            {
                return;
            }

            if (index % 250 == 0)
            {
                await RunAsync("refresh", RefreshAsync).ConfigureAwait(false);
            }

            var roll = random.Next(100);
            Func<Task> operation = roll switch
            {
                < 12 => CreateNetworkAsync,
                < 22 => () => CreateSubnetAsync(random),
                < 65 => () => CreatePortAsync(random),
                < 88 => () => DeletePortAsync(random),
                _ => () => DeleteNetworkAsync(random),
            };
            await RunAsync("operation", operation).ConfigureAwait(false);
        }
    }

    private async Task CreateNetworkAsync()
    {
        var network = await _plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = _options.Instance }).ConfigureAwait(false);
        _networks.Add(network.Id, new OwnNetwork());
        await ReportNetworkAsync(network).ConfigureAwait(false);
    }

    private async Task CreateSubnetAsync(Random random)
    {
        // One subnet per own network: a worker takes the network for its subnet first, so two workers never give one
        // network two random /16s (which overlap 1 time in 250: Neutron's overlap error, not a race of the stores).
        if (_networks.PeekRandom(random, n => n.Subnet is null && n.SubnetTaken == 0) is not { } target
            || Interlocked.Exchange(ref target.Item.SubnetTaken, 1) == 1)
        {
            await CreateNetworkAsync().ConfigureAwait(false);
            return;
        }

        var cidr = string.Create(CultureInfo.InvariantCulture, $"10.{1 + random.Next(250)}.0.0/16");
        var subnet = await _plugin.CreateSubnetAsync(s_admin, new SubnetCreateRequest { NetworkId = target.Id, Cidr = cidr }).ConfigureAwait(false);
        target.Item.Subnet = subnet.Id;
        await WriteAsync($"OK create_subnet {subnet.Id} {subnet.NetworkId} {subnet.Cidr}").ConfigureAwait(false);
    }

    private async Task CreatePortAsync(Random random)
    {
        var where = random.Next(100);
        string networkId = _sharedNetwork;
        IReadOnlyList<FixedIpRequest>? fixedIps = null;
        string? mac = null;
        if (where < 60)
        {
            if (random.Next(10) == 0)
            {
                fixedIps = [new FixedIpRequest(_sharedSubnet, string.Create(CultureInfo.InvariantCulture, $"10.0.0.{10 + random.Next(50)}"))];
            }

            if (random.Next(20) == 0)
            {
                mac = string.Create(CultureInfo.InvariantCulture, $"fa:16:3e:00:00:{random.Next(40):x2}");
            }
        }
        else if (where < 85 && _networks.PeekRandom(random, n => n.Subnet is not null) is { } own)
        {
            networkId = own.Id;
        }
        else if (Pick(random, _networksWithSubnets) is { } foreign)
        {
            networkId = foreign;
        }

        var port = await _plugin.CreatePortAsync(s_admin, new PortCreateRequest
        {
            NetworkId = networkId,
            Name = _options.Instance,
            MacAddress = mac,
            FixedIps = fixedIps,
        }).ConfigureAwait(false);
        _ports.Add(port.Id, port.NetworkId);
        var ips = port.FixedIps.Count == 0 ? "-" : string.Join(',', port.FixedIps.Select(ip => $"{ip.SubnetId}={ip.IpAddress}"));
        await WriteAsync($"OK create_port {port.Id} {port.NetworkId} {port.MacAddress} {ips}").ConfigureAwait(false);
    }

    private async Task DeletePortAsync(Random random)
    {
        string? id = random.Next(4) == 0 ? Pick(random, _foreignPorts) : _ports.TakeRandom(random)?.Id;
        if (id is null)
        {
            return;
        }

        await WriteAsync($"TRY delete_port {id}").ConfigureAwait(false);
        try
        {
            await _plugin.DeletePortAsync(s_admin, id).ConfigureAwait(false);
        }
        catch (Ml2Exception ex)
        {
            await WriteAsync($"NO delete_port {id} {ex.GetType().Name}").ConfigureAwait(false);
            if (ex is ConcurrencyConflictException && await PortExistsAsync(id).ConfigureAwait(false) is { } networkId)
            {
                _ports.Add(id, networkId);   // still there: another worker may try again
            }

            throw;
        }

        _ports.Remove(id);
        await WriteAsync($"OK delete_port {id}").ConfigureAwait(false);
    }

    private async Task DeleteNetworkAsync(Random random)
    {
        string? id;
        if (random.Next(5) == 0)
        {
            id = Pick(random, _foreignNetworks);
        }
        else
        {
            id = _networks.TakeRandom(random)?.Id;
        }

        if (id is null || id == _sharedNetwork)
        {
            return;
        }

        await WriteAsync($"TRY delete_network {id}").ConfigureAwait(false);
        try
        {
            await _plugin.DeleteNetworkAsync(s_admin, id).ConfigureAwait(false);
        }
        catch (Ml2Exception ex)
        {
            await WriteAsync($"NO delete_network {id} {ex.GetType().Name}").ConfigureAwait(false);
            throw;
        }

        _networks.Remove(id);
        await WriteAsync($"OK delete_network {id}").ConfigureAwait(false);
    }

    private async Task<string?> PortExistsAsync(string id)
    {
        try
        {
            return (await _plugin.GetPortAsync(s_admin, id).ConfigureAwait(false)).NetworkId;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Lists the other instances' ports on the shared network and networks, for deletes that collide.</summary>
    private async Task RefreshAsync()
    {
        var ports = await _plugin.ListPortsAsync(s_admin, ListFilter.Where("network_id", _sharedNetwork)).ConfigureAwait(false);
        var networks = await _plugin.ListNetworksAsync(s_admin).ConfigureAwait(false);
        var subnets = await _plugin.ListSubnetsAsync(s_admin).ConfigureAwait(false);
        lock (_cacheGate)
        {
            // Load-balancer ports (VIP and device ports) and member networks belong to the LBaaS part: never deleted here.
            _foreignPorts = [.. ports.Where(p => p.Name != _options.Instance && p.DeviceOwner != DeviceOwners.LoadBalancer).Select(p => p.Id)];
            _foreignNetworks = [.. networks.Where(n => n.Name != _options.Instance && n.Id != _sharedNetwork && !IsMemberNetwork(n.Name)).Select(n => n.Id)];
            _networksWithSubnets = [.. subnets.Select(s => s.NetworkId).Distinct(StringComparer.Ordinal)];
        }
    }

    private string? Pick(Random random, string[] items)
    {
        lock (_cacheGate)
        {
            return items.Length == 0 ? null : items[random.Next(items.Length)];
        }
    }

    private async Task RunAsync(string what, Func<Task> operation)
    {
        try
        {
            await operation().ConfigureAwait(false);
            Interlocked.Increment(ref _ok);
        }
        catch (ConcurrencyConflictException)
        {
            Interlocked.Increment(ref _conflicts);
        }
        catch (Exception ex) when (ex is ResourceNotFoundException or ConflictException or NotAuthorizedException or NoEligibleDeviceException)
        {
            Interlocked.Increment(ref _rejected);   // lost a race with another worker or instance: expected
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _errors);
            await _error.WriteLineAsync($"ERROR {what}: {ex}").ConfigureAwait(false);
        }
    }

    private Task ReportNetworkAsync(Network network) =>
        WriteAsync(string.Create(CultureInfo.InvariantCulture, $"OK create_network {network.Id} {network.Segments[0].SegmentationId}"));

    private Task WriteAsync(string line)
    {
        _out.WriteLine(line);
        return Task.CompletedTask;
    }

    private sealed class OwnNetwork
    {
        public volatile string? Subnet;

        /// <summary>1 once a worker took the network to create its subnet.</summary>
        public int SubnetTaken;
    }

    private sealed class NoOpDriver(string name) : IMechanismDriver
    {
        public string Name => name;
    }
}
