using System.Text.Json;

namespace Ml2.Plugin;

/// <summary>The attributes of a port to change; null means "unchanged".</summary>
public sealed record PortUpdateRequest
{
    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>A new MAC address (admin only; the port must not be bound).</summary>
    public string? MacAddress { get; init; }

    /// <summary>The new complete set of fixed IPs; addresses no longer listed are released.</summary>
    public IReadOnlyList<FixedIpRequest>? FixedIps { get; init; }

    /// <summary>The device id.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The device owner.</summary>
    public string? DeviceOwner { get; init; }

    /// <summary>The administrative state.</summary>
    public bool? AdminStateUp { get; init; }

    /// <summary><c>binding:host_id</c> (admin only); an empty string unbinds. A change unbinds and rebinds.</summary>
    public string? HostId { get; init; }

    /// <summary><c>binding:vnic_type</c>.</summary>
    public string? VnicType { get; init; }

    /// <summary><c>binding:profile</c> (admin only).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Profile { get; init; }

    /// <summary>Vendor extension attributes to change.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ExtensionAttributes { get; init; }
}
