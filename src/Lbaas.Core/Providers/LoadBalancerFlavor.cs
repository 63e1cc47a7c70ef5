using System.Text.Json;

namespace Lbaas.Providers;

/// <summary>A configured flavor (Octavia's flavor and flavor profile): a provider and driver-validated metadata.</summary>
public sealed record LoadBalancerFlavor
{
    /// <summary>The flavor id.</summary>
    public required string Id { get; init; }

    /// <summary>The display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The description.</summary>
    public string Description { get; init; } = "";

    /// <summary>The provider (lower-cased).</summary>
    public required string Provider { get; init; }

    /// <summary>The metadata, as the driver validated it.</summary>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; init; } = Ml2.Model.ExtensionAttributes.Empty;

    /// <summary>Whether users may create load balancers with it.</summary>
    public bool Enabled { get; init; } = true;
}
