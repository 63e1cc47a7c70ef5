using System.Text.Json;

namespace Ml2.Plugin;

/// <summary>Changes to a port's binding on one host (Neutron's <c>PUT /v2.0/ports/{id}/bindings/{host}</c>); null means "unchanged".</summary>
public sealed record PortBindingUpdateRequest
{
    /// <summary>The vnic type on that host.</summary>
    public string? VnicType { get; init; }

    /// <summary>The binding profile on that host (at most 4095 characters of JSON); an empty one clears it.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Profile { get; init; }
}
