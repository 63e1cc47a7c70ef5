using System.Text.Json;

namespace Ml2.Plugin;

/// <summary>A binding of a port to create on another host (Neutron's <c>POST /v2.0/ports/{id}/bindings</c>).</summary>
public sealed record PortBindingCreateRequest
{
    /// <summary>The host to bind the port on (required; at most 255 characters).</summary>
    public required string Host { get; init; }

    /// <summary>The vnic type on that host; null = <c>normal</c>.</summary>
    public string? VnicType { get; init; }

    /// <summary>The binding profile on that host (at most 4095 characters of JSON); null = empty.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Profile { get; init; }
}
