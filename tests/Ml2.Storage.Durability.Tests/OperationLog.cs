using System.Globalization;

namespace Ml2.Storage.Durability.Tests;

/// <summary>An acknowledged network: its VNI as the driver printed it.</summary>
public sealed record AckedNetwork(string Id, long Vni);

/// <summary>An acknowledged subnet.</summary>
public sealed record AckedSubnet(string Id, string NetworkId, string Cidr);

/// <summary>An acknowledged port: network, MAC and fixed IPs (subnet id, address) as the driver printed them.</summary>
public sealed record AckedPort(string Id, string NetworkId, string Mac, IReadOnlyList<(string SubnetId, string Ip)> FixedIps);

/// <summary>
/// What load-driver processes reported, replayed in order (process after process): the resources whose create
/// returned OK, the ones whose delete returned OK, and the ones whose delete was in flight when a process died (their
/// fate is unknown: the delete may or may not have committed).
/// </summary>
public sealed class OperationLog
{
    private readonly Dictionary<string, AckedNetwork> _networks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AckedSubnet> _subnets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AckedPort> _ports = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deletedNetworks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deletedPorts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _uncertain = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _loadBalancers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deletedLoadBalancers = new(StringComparer.Ordinal);

    /// <summary>Acknowledged creates, by operation name.</summary>
    public Dictionary<string, int> Creates { get; } = new(StringComparer.Ordinal);

    /// <summary>Acknowledged deletes, by operation name (two processes may both acknowledge one delete).</summary>
    public Dictionary<string, int> Deletes { get; } = new(StringComparer.Ordinal);

    /// <summary>Every network id ever acknowledged as created.</summary>
    public IReadOnlyDictionary<string, AckedNetwork> AllNetworks => _networks;

    /// <summary>Every port id ever acknowledged as created.</summary>
    public IReadOnlyDictionary<string, AckedPort> AllPorts => _ports;

    /// <summary>Acknowledged networks whose delete never returned OK and was never in flight at a crash.</summary>
    public IEnumerable<AckedNetwork> LiveNetworks => _networks.Values.Where(n => !_deletedNetworks.Contains(n.Id) && !_uncertain.Contains(n.Id));

    /// <summary>Acknowledged subnets whose network is live.</summary>
    public IEnumerable<AckedSubnet> LiveSubnets => _subnets.Values.Where(s => IsLive(s.NetworkId));

    /// <summary>Acknowledged ports whose delete never returned OK and was never in flight at a crash.</summary>
    public IEnumerable<AckedPort> LivePorts => _ports.Values.Where(p => !_deletedPorts.Contains(p.Id) && !_uncertain.Contains(p.Id));

    /// <summary>Ids whose delete was acknowledged.</summary>
    public IReadOnlySet<string> DeletedNetworks => _deletedNetworks;

    /// <summary>Deletes acknowledged more than once (by two processes, or twice by one): "delete_port &lt;id&gt;".</summary>
    public List<string> RepeatedDeletes { get; } = [];

    /// <summary>Ids whose delete was acknowledged.</summary>
    public IReadOnlySet<string> DeletedPorts => _deletedPorts;

    /// <summary>Every subnet id ever acknowledged as created.</summary>
    public IReadOnlyDictionary<string, AckedSubnet> AllSubnets => _subnets;

    /// <summary>Every load balancer ever acknowledged as created, with the devices its create returned.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AllLoadBalancers => _loadBalancers;

    /// <summary>Load-balancer ids whose delete was acknowledged.</summary>
    public IReadOnlySet<string> DeletedLoadBalancers => _deletedLoadBalancers;

    /// <summary>Acknowledged load balancers whose delete never returned OK and was never in flight at a crash.</summary>
    public IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> LiveLoadBalancers =>
        _loadBalancers.Where(lb => !_deletedLoadBalancers.Contains(lb.Key) && !_uncertain.Contains(lb.Key));

    /// <summary>Adds the output of one process (in the order the processes ran).</summary>
    /// <param name="lines">Its standard output.</param>
    /// <param name="completed">False when the process was killed: deletes it started and did not finish become uncertain.</param>
    public void Add(IEnumerable<string> lines, bool completed)
    {
        var tried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var f = line.Split(' ');
            switch (f)
            {
                case ["OK", "create_network", var id, var vni]:
                    _networks[id] = new AckedNetwork(id, long.Parse(vni, CultureInfo.InvariantCulture));
                    Count(Creates, f[1]);
                    break;
                case ["OK", "create_subnet", var id, var network, var cidr]:
                    _subnets[id] = new AckedSubnet(id, network, cidr);
                    Count(Creates, f[1]);
                    break;
                case ["OK", "create_port", var id, var network, var mac, var ips]:
                    _ports[id] = new AckedPort(id, network, mac, ips == "-" ? [] : [.. ips.Split(',').Select(Split)]);
                    Count(Creates, f[1]);
                    break;
                case ["TRY", _, var id]:
                    tried.Add(id);
                    break;
                case ["NO", _, var id, _]:
                    tried.Remove(id);
                    break;
                case ["OK", "delete_port", var id]:
                    tried.Remove(id);
                    if (!_deletedPorts.Add(id))
                    {
                        RepeatedDeletes.Add($"delete_port {id}");
                    }

                    Count(Deletes, f[1]);
                    break;
                case ["OK", "delete_network", var id]:
                    tried.Remove(id);
                    if (!_deletedNetworks.Add(id))
                    {
                        RepeatedDeletes.Add($"delete_network {id}");
                    }

                    Count(Deletes, f[1]);
                    break;
                case ["OK", "create_lb", var id, var devices]:
                    _loadBalancers[id] = devices.Split(',');
                    Count(Creates, f[1]);
                    break;
                case ["OK", "delete_lb", var id]:
                    tried.Remove(id);
                    if (!_deletedLoadBalancers.Add(id))
                    {
                        RepeatedDeletes.Add($"delete_lb {id}");
                    }

                    Count(Deletes, f[1]);
                    break;
                case ["START", ..] or ["DONE", ..]:
                    break;
                default:
                    throw new FormatException($"Unexpected load driver line: '{line}'");
            }
        }

        if (!completed)
        {
            _uncertain.UnionWith(tried);
        }
    }

    private bool IsLive(string networkId) => !_deletedNetworks.Contains(networkId) && !_uncertain.Contains(networkId);

    private static (string, string) Split(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return (pair[..eq], pair[(eq + 1)..]);
    }

    private static void Count(Dictionary<string, int> counts, string operation) =>
        counts[operation] = counts.GetValueOrDefault(operation) + 1;
}
