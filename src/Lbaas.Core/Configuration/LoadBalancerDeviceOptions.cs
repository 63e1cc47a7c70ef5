using Microsoft.Extensions.Configuration;
using Lbaas;

namespace Lbaas.Configuration;

/// <summary>
/// One load-balancing device the host on-boards at every start (configuration <c>lbaas:devices:&lt;n&gt;</c>): created
/// when absent, otherwise updated to match (name, management address, credentials, capacity) keeping its claims. See
/// <see cref="Lbaas.Devices.IDeviceRegistry.OnboardOrUpdateAsync"/>. The password is never logged or printed.
/// </summary>
public sealed class LoadBalancerDeviceOptions
{
    /// <summary>The device id; required, unique, without spaces.</summary>
    [ConfigurationKeyName("id")]
    public string Id { get; set; } = "";

    /// <summary>A display name; empty means the id.</summary>
    [ConfigurationKeyName("name")]
    public string Name { get; set; } = "";

    /// <summary>The provider whose driver manages the device (a name in <see cref="LbaasOptions.Providers"/>); required.</summary>
    [ConfigurationKeyName("provider")]
    public string Provider { get; set; } = "";

    /// <summary>
    /// Physical or virtual (configuration: <c>physical</c> or <c>virtual</c>, case-insensitive).
    /// <value>The default value is <see cref="DeviceKind.Physical"/>.</value>
    /// </summary>
    [ConfigurationKeyName("kind")]
    public DeviceKind Kind { get; set; } = DeviceKind.Physical;

    /// <summary>The binding host of the device's ML2 ports; required.</summary>
    [ConfigurationKeyName("host_id")]
    public string HostId { get; set; } = "";

    /// <summary>The management address the driver talks to (no credentials in it).</summary>
    [ConfigurationKeyName("management_address")]
    public string ManagementAddress { get; set; } = "";

    /// <summary>The login user name; with <see cref="Password"/> it makes the device's credentials. Empty: no credentials given (stored ones are kept).</summary>
    [ConfigurationKeyName("username")]
    public string Username { get; set; } = "";

    /// <summary>The login password or token (never logged or printed). Keep it in a secret store or environment variable rather than a file.</summary>
    [ConfigurationKeyName("password")]
    public string Password { get; set; } = "";

    /// <summary>Load balancers (VIPs) the device can host; at least 1, at most what its driver supports.</summary>
    [ConfigurationKeyName("max_vips")]
    public int MaxVips { get; set; }

    /// <summary>Networks its data interface can be wired into; at least 1, at most what its driver supports.</summary>
    [ConfigurationKeyName("max_networks")]
    public int MaxNetworks { get; set; }

    /// <summary>The cluster (HA pair, chassis) the device belongs to, or null; anti-affinity avoids the same cluster.</summary>
    [ConfigurationKeyName("cluster_id")]
    public string? ClusterId { get; set; }

    /// <summary>The project the device is private to, or null when shared.</summary>
    [ConfigurationKeyName("tenant_id")]
    public string? TenantId { get; set; }

    /// <summary>
    /// Whether load balancers with the same VIP address in different projects can share the device.
    /// <value>The default value is false.</value>
    /// </summary>
    [ConfigurationKeyName("supports_overlapping_ips")]
    public bool SupportsOverlappingIps { get; set; }

    /// <summary>The device these options describe (not validated: the registry validates it).</summary>
    /// <returns>The device.</returns>
    public Device ToDevice() => new()
    {
        Id = Id,
        Name = string.IsNullOrEmpty(Name) ? Id : Name,
        Provider = Provider,
        Kind = Kind,
        HostId = HostId,
        ManagementAddress = ManagementAddress,
        Credentials = string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password) ? null : new DeviceCredentials(Username, Password),
        Capacity = new DeviceCapacity(MaxVips, MaxNetworks),
        ClusterId = ClusterId,
        TenantId = TenantId,
        SupportsOverlappingIps = SupportsOverlappingIps,
    };
}
