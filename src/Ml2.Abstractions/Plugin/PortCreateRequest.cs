using System.Text.Json;

namespace Ml2.Plugin;

/// <summary>The attributes of a port to create; null means "use the default".</summary>
public sealed record PortCreateRequest
{
    /// <summary>The network.</summary>
    public required string NetworkId { get; init; }

    /// <summary>The owning project; only an admin may name another project than its own.</summary>
    public string? TenantId { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>A MAC address; null = generated from the base MAC.</summary>
    public string? MacAddress { get; init; }

    /// <summary>Requested fixed IPs; null = one address from each IPv4 and IPv6 subnet of the network, an empty list = none.</summary>
    public IReadOnlyList<FixedIpRequest>? FixedIps { get; init; }

    /// <summary>The device id (e.g. a VM id).</summary>
    public string? DeviceId { get; init; }

    /// <summary>The device owner.</summary>
    public string? DeviceOwner { get; init; }

    /// <summary>The administrative state (default up).</summary>
    public bool? AdminStateUp { get; init; }

    /// <summary><c>binding:host_id</c> (admin only); when set, the port is bound after it is created.</summary>
    public string? HostId { get; init; }

    /// <summary><c>binding:vnic_type</c> (default normal).</summary>
    public string? VnicType { get; init; }

    /// <summary><c>binding:profile</c> (admin only; at most 4095 characters of JSON).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Profile { get; init; }

    /// <summary>Vendor extension attributes.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ExtensionAttributes { get; init; }
}
