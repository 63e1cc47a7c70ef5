using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Model;

namespace Ml2.Samples.RestHost.Drivers;

/// <summary>
/// A virtual-switch agent mechanism driver in the style of Neutron's Open vSwitch driver, configured per host (section
/// <c>host_agent</c>): <c>hosts:&lt;host&gt;:bridge_mappings</c> (<c>physnet:bridge</c> list, the bridged physical
/// networks), <c>hosts:&lt;host&gt;:tunnel_types</c>, and <c>vnic_types</c> it binds (default <c>normal,direct</c>).
/// It binds the first segment the host can reach with vif type <c>ovs</c>.
/// </summary>
public sealed class HostAgentMechanismDriver : IMechanismDriver
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "host_agent";

    /// <summary>The driver's name in <c>mechanism_drivers</c>.</summary>
    public const string DriverName = "host_agent";

    private readonly Dictionary<string, HostConfiguration> _hosts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _vnicTypes = new(StringComparer.Ordinal) { VnicTypes.Normal, VnicTypes.Direct };

    /// <inheritdoc />
    public string Name => DriverName;

    /// <inheritdoc />
    public string Connectivity => MechanismDriverConnectivity.L2;

    /// <summary>The configured hosts.</summary>
    public IReadOnlyCollection<string> Hosts => _hosts.Keys;

    /// <summary>Reads the driver's configuration.</summary>
    /// <param name="section">The <c>host_agent</c> section.</param>
    /// <returns>The driver.</returns>
    public static HostAgentMechanismDriver FromConfiguration(IConfiguration section)
    {
        var driver = new HostAgentMechanismDriver();
        var vnicTypes = List(section.GetSection("vnic_types"));
        if (vnicTypes.Length > 0)
        {
            driver._vnicTypes.Clear();
            driver._vnicTypes.UnionWith(vnicTypes);
        }

        foreach (var host in section.GetSection("hosts").GetChildren())
        {
            var physnets = List(host.GetSection("bridge_mappings")).Select(m => m.Split(':', 2)[0].Trim()).ToArray();
            driver.WithHost(host.Key, physnets, List(host.GetSection("tunnel_types")));
        }

        return driver;
    }

    /// <summary>Declares what a host's agent can plug.</summary>
    /// <param name="host">The host name.</param>
    /// <param name="bridgedPhysicalNetworks">The physical networks bridged on the host.</param>
    /// <param name="tunnelTypes">The tunnel types enabled on the host.</param>
    /// <returns>This driver.</returns>
    public HostAgentMechanismDriver WithHost(string host, string[] bridgedPhysicalNetworks, string[] tunnelTypes)
    {
        _hosts[host] = new HostConfiguration(bridgedPhysicalNetworks, tunnelTypes);
        return this;
    }

    /// <inheritdoc />
    public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_vnicTypes.Contains(context.VnicType) || !_hosts.TryGetValue(context.Host, out var host))
        {
            return default;
        }

        foreach (var segment in context.SegmentsToBind!)
        {
            if (host.CanReach(segment))
            {
                var details = ExtensionAttributes.From(("port_filter", true), ("connectivity", "l2"), ("bridge_name", "br-int"));
                context.SetBinding(segment.Id, VifTypes.Ovs, details, ResourceStatus.Active);
                return default;
            }
        }

        return default;
    }

    private static string[] List(IConfigurationSection section) =>
        section.Value is { } scalar
            ? scalar.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [.. section.GetChildren().Select(c => c.Value).OfType<string>()
                .SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];

    private sealed record HostConfiguration(string[] BridgedPhysicalNetworks, string[] TunnelTypes)
    {
        public bool CanReach(NetworkSegment segment) => segment.NetworkType switch
        {
            NetworkTypes.Local => true,
            NetworkTypes.Flat or NetworkTypes.Vlan => segment.PhysicalNetwork is { } p && BridgedPhysicalNetworks.Contains(p),
            _ => TunnelTypes.Contains(segment.NetworkType),
        };
    }
}
