using System.Text.Json;

namespace Ml2.Model;

/// <summary>The binding attributes of a port (Neutron's <c>binding:*</c> attributes and binding levels).</summary>
public sealed record PortBinding
{
    /// <summary>An unbound binding with no host.</summary>
    public static PortBinding Unbound { get; } = new();

    /// <summary>The host the port is bound (or to be bound) on; empty for none.</summary>
    public string HostId { get; init; } = "";

    /// <summary>The vnic type, one of <see cref="VnicTypes"/>.</summary>
    public string VnicType { get; init; } = VnicTypes.Normal;

    /// <summary>The binding profile (at most 4095 characters of JSON).</summary>
    public IReadOnlyDictionary<string, JsonElement> Profile { get; init; } = ExtensionAttributes.Empty;

    /// <summary>The vif type; <see cref="VifTypes.Unbound"/> or <see cref="VifTypes.BindingFailed"/> when not bound.</summary>
    public string VifType { get; init; } = VifTypes.Unbound;

    /// <summary>The vif details the bottom-level driver set.</summary>
    public IReadOnlyDictionary<string, JsonElement> VifDetails { get; init; } = ExtensionAttributes.Empty;

    /// <summary>The binding levels, top (0) first; empty when not bound.</summary>
    public IReadOnlyList<PortBindingLevel> Levels { get; init; } = [];

    /// <summary>
    /// The port status the bottom-level driver asked for when it bound this binding (the <c>status</c> of
    /// <c>SetBinding</c>), or null. Applied to the port when an inactive binding is activated.
    /// </summary>
    public string? RequestedStatus { get; init; }
}
