namespace Lbaas;

/// <summary>A load-balancing device: a physical appliance or a virtual one.</summary>
public sealed record Device
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>A display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The provider (service type) whose driver manages it.</summary>
    public required string Provider { get; init; }

    /// <summary>Physical or virtual.</summary>
    public DeviceKind Kind { get; init; } = DeviceKind.Physical;

    /// <summary>The management address the driver talks to.</summary>
    public string ManagementAddress { get; init; } = "";

    /// <summary>The binding host of the device's ML2 ports (so a mechanism driver binds the switch port facing it).</summary>
    public required string HostId { get; init; }

    /// <summary>The login secret (never serialised or printed).</summary>
    public DeviceCredentials? Credentials { get; init; }

    /// <summary>What the device can carry.</summary>
    public required DeviceCapacity Capacity { get; init; }

    /// <summary>Whether two load balancers with the same VIP address in different projects can share the device.</summary>
    public bool SupportsOverlappingIps { get; init; }

    /// <summary>The cluster (HA pair, chassis) the device belongs to, or null; anti-affinity avoids the same cluster.</summary>
    public string? ClusterId { get; init; }

    /// <summary>The project the device is private to, or null when shared.</summary>
    public string? TenantId { get; init; }

    /// <summary>The administrative state; a disabled device receives no new load balancers.</summary>
    public bool AdminStateUp { get; init; } = true;

    /// <summary>Draining: hosts what it has, receives nothing new, may be removed when empty.</summary>
    public bool Draining { get; init; }

    /// <summary>The health as last reported.</summary>
    public DeviceHealth Health { get; init; } = DeviceHealth.Healthy;

    /// <summary>The agent that owns the device, or null until one claims it.</summary>
    public string? AgentId { get; init; }

    /// <summary>The revision, incremented on every change (capacity claims compare-and-set on it).</summary>
    public long RevisionNumber { get; init; }
}
