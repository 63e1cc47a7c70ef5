using System.Globalization;
using Ml2.Exceptions;
using Ml2.Model;

namespace Ml2.Plugin;

/// <summary>
/// Applies a <see cref="ListFilter"/> by Neutron attribute name. Values compare as text; booleans case-insensitively.
/// An attribute that is not filterable is bad input.
/// </summary>
internal static class ResourceFilters
{
    private static readonly Dictionary<string, Func<Network, IEnumerable<string?>>> s_network = new(StringComparer.Ordinal)
    {
        ["id"] = n => [n.Id],
        ["name"] = n => [n.Name],
        ["tenant_id"] = n => [n.TenantId],
        ["project_id"] = n => [n.TenantId],
        ["admin_state_up"] = n => [Bool(n.AdminStateUp)],
        ["shared"] = n => [Bool(n.Shared)],
        ["router:external"] = n => [Bool(n.External)],
        ["mtu"] = n => [Int(n.Mtu)],
        ["vlan_transparent"] = n => [Bool(n.VlanTransparent)],
        ["status"] = n => [n.Status],
        ["revision_number"] = n => [Int(n.RevisionNumber)],
        ["provider:network_type"] = n => n.Segments.Where(s => !s.IsDynamic).Select(s => s.NetworkType),
        ["provider:physical_network"] = n => n.Segments.Where(s => !s.IsDynamic).Select(s => s.PhysicalNetwork),
        ["provider:segmentation_id"] = n => n.Segments.Where(s => !s.IsDynamic).Select(s => s.SegmentationId is { } id ? Int(id) : null),
    };

    private static readonly Dictionary<string, Func<Subnet, IEnumerable<string?>>> s_subnet = new(StringComparer.Ordinal)
    {
        ["id"] = s => [s.Id],
        ["name"] = s => [s.Name],
        ["tenant_id"] = s => [s.TenantId],
        ["project_id"] = s => [s.TenantId],
        ["network_id"] = s => [s.NetworkId],
        ["ip_version"] = s => [Int(s.IpVersion)],
        ["cidr"] = s => [s.Cidr],
        ["gateway_ip"] = s => [s.GatewayIp],
        ["enable_dhcp"] = s => [Bool(s.EnableDhcp)],
        ["revision_number"] = s => [Int(s.RevisionNumber)],
    };

    private static readonly Dictionary<string, Func<Port, IEnumerable<string?>>> s_port = new(StringComparer.Ordinal)
    {
        ["id"] = p => [p.Id],
        ["name"] = p => [p.Name],
        ["tenant_id"] = p => [p.TenantId],
        ["project_id"] = p => [p.TenantId],
        ["network_id"] = p => [p.NetworkId],
        ["mac_address"] = p => [p.MacAddress],
        ["device_id"] = p => [p.DeviceId],
        ["device_owner"] = p => [p.DeviceOwner],
        ["admin_state_up"] = p => [Bool(p.AdminStateUp)],
        ["status"] = p => [p.Status],
        ["revision_number"] = p => [Int(p.RevisionNumber)],
        ["binding:host_id"] = p => [p.Binding.HostId],
        ["binding:vnic_type"] = p => [p.Binding.VnicType],
        ["binding:vif_type"] = p => [p.Binding.VifType],
        ["fixed_ips"] = p => p.FixedIps.SelectMany(ip => new[] { $"ip_address={ip.IpAddress}", $"subnet_id={ip.SubnetId}" }),
    };

    public static IReadOnlyList<Network> Apply(IEnumerable<Network> networks, ListFilter? filter) => Apply(networks, filter, s_network);

    public static IReadOnlyList<Subnet> Apply(IEnumerable<Subnet> subnets, ListFilter? filter) => Apply(subnets, filter, s_subnet);

    public static IReadOnlyList<Port> Apply(IEnumerable<Port> ports, ListFilter? filter) => Apply(ports, filter, s_port);

    /// <summary>Checks the filter's attribute names before anything is read.</summary>
    public static void Validate(ResourceKind kind, ListFilter? filter)
    {
        if (filter is null)
        {
            return;
        }

        foreach (var (name, values) in filter.Attributes)
        {
            var known = kind switch
            {
                ResourceKind.Network => s_network.ContainsKey(name),
                ResourceKind.Subnet => s_subnet.ContainsKey(name),
                _ => s_port.ContainsKey(name),
            };
            if (!known)
            {
                throw InvalidInputException.OfType(InvalidInputException.HttpBadRequestType, name, string.Join(",", values), $"['{ErrorText.Quote(name)}'] is invalid attribute for filtering");
            }
        }
    }

    private static List<T> Apply<T>(IEnumerable<T> items, ListFilter? filter, Dictionary<string, Func<T, IEnumerable<string?>>> getters)
    {
        if (filter is null || filter.Attributes.Count == 0)
        {
            return [.. items];
        }

        var result = new List<T>();
        foreach (var item in items)
        {
            var all = true;
            foreach (var (name, accepted) in filter.Attributes)
            {
                if (!getters[name](item).Any(v => accepted.Any(a => Matches(v, a))))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static bool Matches(string? value, string accepted) =>
        value is not null && (string.Equals(value, accepted, StringComparison.Ordinal)
                              || ((value is "true" or "false") && string.Equals(value, accepted, StringComparison.OrdinalIgnoreCase)));

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
