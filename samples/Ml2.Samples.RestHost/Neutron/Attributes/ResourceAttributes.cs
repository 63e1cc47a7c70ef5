using static Ml2.Samples.RestHost.Neutron.Attributes.Converters;

namespace Ml2.Samples.RestHost.Neutron.Attributes;

/// <summary>
/// The attribute maps of the resources this host serves, in Neutron's order (the core definition in
/// <c>neutron_lib/api/definitions/{network,subnet,port}.py</c>, then the extensions this host advertises, then
/// <c>project_id</c>, which Neutron appends): the API layer checks a request against them in that order, so the first
/// bad attribute in this order is the one reported. Attributes of extensions this host does not implement but clients
/// send are known (accepted and ignored) and not filterable.
/// </summary>
internal sealed class ResourceAttributes
{
    private const int NameSize = 255;
    private const int ProjectIdSize = 255;
    private const int DescriptionSize = 255;
    private const int DeviceIdSize = 255;
    private const int DeviceOwnerSize = 255;

    private static readonly string[] s_vnicTypes =
    [
        "normal", "direct", "macvtap", "baremetal", "direct-physical", "virtio-forwarder", "smart-nic", "vdpa",
        "accelerator-direct", "accelerator-direct-physical", "remote-managed",
    ];

    private static readonly string[] s_ipv6Modes = ["dhcpv6-stateful", "dhcpv6-stateless", "slaac"];

    private readonly Dictionary<string, AttributeSpec> _byName;

    private ResourceAttributes(string resource, IReadOnlyList<AttributeSpec> specs)
    {
        Resource = resource;
        Specs = specs;
        _byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary><c>/v2.0/networks</c>: core, provider, multi-provider, external-net, net-mtu-writable, standard attributes.</summary>
    public static ResourceAttributes Network { get; } = new("network",
    [
        new("id", false, false, Validate: [Validators.Uuid], IsFilter: true),
        new("name", true, true, Validate: [Validators.String(NameSize)], IsFilter: true),
        new("subnets", false, false),
        new("admin_state_up", true, true, Convert: For("admin_state_up", Boolean), IsFilter: true, FilterConvert: Bools("admin_state_up")),
        new("status", false, false, IsFilter: true),
        new("tenant_id", true, false, Required: true, Validate: [Validators.String(ProjectIdSize)], IsFilter: true),
        new("shared", true, true, Convert: For("shared", Boolean), IsFilter: true, FilterConvert: Bools("shared")),
        new("provider:network_type", true, true, Validate: [Validators.String(32)], IsFilter: true),
        new("provider:physical_network", true, true, Validate: [Validators.String(64)], IsFilter: true),
        new("provider:segmentation_id", true, true, Convert: For("provider:segmentation_id", Integer), IsFilter: true,
            FilterConvert: Ints("provider:segmentation_id")),
        new("segments", true, true),
        new("router:external", true, true, Convert: For("router:external", Boolean), IsFilter: true, FilterConvert: Bools("router:external")),
        new("mtu", true, true, Convert: For("mtu", Integer), Validate: [Validators.NonNegative], IsFilter: true, FilterConvert: Ints("mtu")),
        new("vlan_transparent", true, false, Convert: For("vlan_transparent", Boolean), IsFilter: true, FilterConvert: Bools("vlan_transparent"),
            FilterOnHost: true),
        new("description", true, true, Validate: [Validators.String(DescriptionSize)], IsFilter: true, FilterOnHost: true),
        new("created_at", false, false),
        new("updated_at", false, false),
        new("revision_number", false, false, IsFilter: true),

        // shown by this host (fixed values) though their extensions are not advertised: read-only as in Neutron
        new("availability_zones", false, false),
        new("ipv4_address_scope", false, false),
        new("ipv6_address_scope", false, false),
        new("l2_adjacency", false, false),
        Tolerated("port_security_enabled"), Tolerated("availability_zone_hints"), Tolerated("dns_domain"),
        Tolerated("qos_policy_id"), Tolerated("is_default"), Tolerated("tags"),
        new("project_id", true, false, Required: true, Validate: [Validators.String(ProjectIdSize)], IsFilter: true),
    ]);

    /// <summary><c>/v2.0/subnets</c>: core and standard attributes.</summary>
    public static ResourceAttributes Subnet { get; } = new("subnet",
    [
        new("id", false, false, Validate: [Validators.Uuid], IsFilter: true),
        new("name", true, true, Validate: [Validators.String(NameSize)], IsFilter: true),
        new("ip_version", true, false, Required: true, Convert: For("ip_version", Integer), Validate: [Validators.Values(4, 6)],
            IsFilter: true, FilterConvert: Ints("ip_version")),
        new("network_id", true, false, Required: true, Validate: [Validators.Uuid], IsFilter: true),
        new("subnetpool_id", true, false, IsFilter: true, FilterOnHost: true),
        new("prefixlen", true, false, Convert: For("prefixlen", Integer), Validate: [Validators.NonNegative]),
        new("cidr", true, false, Convert: For("cidr", Cidr), IsFilter: true),
        new("gateway_ip", true, true, IsFilter: true),
        new("allocation_pools", true, true, Validate: [Validators.IpPools]),
        new("dns_nameservers", true, true, Convert: For("dns_nameservers", NoneToEmptyList)),
        new("host_routes", true, true, Convert: For("host_routes", NoneToEmptyList)),
        new("tenant_id", true, false, Required: true, Validate: [Validators.String(ProjectIdSize)], IsFilter: true),
        new("enable_dhcp", true, true, Convert: For("enable_dhcp", Boolean), IsFilter: true, FilterConvert: Bools("enable_dhcp")),
        new("ipv6_ra_mode", true, false, Validate: [Validators.Values(s_ipv6Modes)], IsFilter: true, FilterOnHost: true),
        new("ipv6_address_mode", true, false, Validate: [Validators.Values(s_ipv6Modes)], IsFilter: true, FilterOnHost: true),
        new("shared", false, false, Convert: For("shared", Boolean), IsFilter: true, FilterConvert: Bools("shared"), FilterOnHost: true),
        new("segment_id", true, true),
        new("service_types", true, true),
        new("use_default_subnetpool", true, false, Convert: For("use_default_subnetpool", Boolean)),
        new("description", true, true, Validate: [Validators.String(DescriptionSize)], IsFilter: true, FilterOnHost: true),
        new("created_at", false, false),
        new("updated_at", false, false),
        new("revision_number", false, false, IsFilter: true),
        Tolerated("tags"),
        new("project_id", true, false, Required: true, Validate: [Validators.String(ProjectIdSize)], IsFilter: true),
    ]);

    /// <summary>
    /// <c>/v2.0/ports/{id}/bindings</c>: the <c>binding-extended</c> sub-resource (neutron-lib's
    /// <c>portbindings_extended</c>; the host filters the bindings the SDK returns).
    /// </summary>
    public static ResourceAttributes Binding { get; } = new("binding",
    [
        new("host", true, true, Required: true, IsFilter: true, FilterOnHost: true),
        new("vif_type", false, false, IsFilter: true, FilterOnHost: true),
        new("vif_details", false, false),
        new("vnic_type", true, true, Validate: [Validators.Values(s_vnicTypes)], IsFilter: true, FilterOnHost: true),
        new("profile", true, true, Validate: [Validators.DictOrNone]),
        new("status", false, false, IsFilter: true, FilterOnHost: true),
        new("tenant_id", true, false, Required: true, Validate: [Validators.String(ProjectIdSize)]),
        new("project_id", true, false, Required: true, Validate: [Validators.String(ProjectIdSize)]),
    ]);

    /// <summary><c>/v2.0/ports</c>: core, binding and standard attributes.</summary>
    public static ResourceAttributes Port { get; } = new("port",
    [
        new("id", false, false, Validate: [Validators.Uuid], IsFilter: true),
        new("name", true, true, Validate: [Validators.String(NameSize)], IsFilter: true),
        new("network_id", true, false, Required: true, Validate: [Validators.Uuid], IsFilter: true),
        new("admin_state_up", true, true, Convert: For("admin_state_up", Boolean), IsFilter: true, FilterConvert: Bools("admin_state_up")),
        new("mac_address", true, true, IsFilter: true),
        new("fixed_ips", true, true, Validate: [Validators.FixedIps], IsFilter: true, FilterConvert: v => KeyValuePairs("fixed_ips", v)),
        new("device_id", true, true, Validate: [Validators.String(DeviceIdSize)], IsFilter: true),
        new("device_owner", true, true, Validate: [Validators.String(DeviceOwnerSize)], IsFilter: true),
        new("tenant_id", true, false, Required: true, Validate: [Validators.String(ProjectIdSize)], IsFilter: true),
        new("status", false, false, IsFilter: true),
        new("binding:vif_type", false, false),
        new("binding:vif_details", false, false),
        new("binding:vnic_type", true, true, Validate: [Validators.Values(s_vnicTypes)]),
        new("binding:host_id", true, true, IsFilter: true),
        new("binding:profile", true, true, Validate: [Validators.DictOrNone]),
        new("allowed_address_pairs", true, true),
        new("description", true, true, Validate: [Validators.String(DescriptionSize)], IsFilter: true, FilterOnHost: true),
        new("created_at", false, false),
        new("updated_at", false, false),
        new("revision_number", false, false, IsFilter: true),
        Tolerated("security_groups"), Tolerated("port_security_enabled"), Tolerated("extra_dhcp_opts"), Tolerated("dns_name"),
        Tolerated("dns_domain"), Tolerated("qos_policy_id"), Tolerated("tags"), Tolerated("propagate_uplink_status"),
        Tolerated("numa_affinity_policy"),
        new("project_id", true, false, Required: true, Validate: [Validators.String(ProjectIdSize)], IsFilter: true),
    ]);

    /// <summary>The resource name, the key of a request body (<c>network</c>).</summary>
    public string Resource { get; }

    /// <summary>The attributes in Neutron's order.</summary>
    public IReadOnlyList<AttributeSpec> Specs { get; }

    /// <summary>The attribute of that name, or null when the resource has none.</summary>
    public AttributeSpec? Find(string name) => _byName.GetValueOrDefault(name);

    private static AttributeSpec Tolerated(string name) => new(name, true, true);

    private static Func<IReadOnlyList<string>, IReadOnlyList<string>> Bools(string attribute) =>
        values => [.. values.Select(v => BooleanText(attribute, v) ? "true" : "false")];

    private static Func<IReadOnlyList<string>, IReadOnlyList<string>> Ints(string attribute) =>
        values => [.. values.Select(v => IntegerFilter(attribute, v).ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
