using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Lbaas.Configuration;

/// <summary>
/// Binds <see cref="LbaasOptions"/> from configuration (keys are case-insensitive): <c>providers</c> (a list, or one
/// comma-separated string), <c>flavors</c> (each with <c>id</c>, <c>name</c>, <c>description</c>, <c>provider</c>,
/// <c>enabled</c> and <c>metadata</c>, which may be a JSON string or a section of keys and values that becomes a JSON
/// object of strings), <c>PendingTimeout</c>, <c>ReaperInterval</c>, <c>AgentCount</c>, <c>AgentHeartbeatInterval</c>,
/// <c>AgentDeadAfter</c> (time spans as <c>hh:mm:ss</c>), <c>credential_key_ring_directory</c>. Lists replace, rather than append to, the current lists, so
/// binding the same section twice is harmless. The <c>placement</c> and <c>wiring</c> subsections are bound elsewhere.
/// </summary>
internal static class LbaasConfigurationBinder
{
    public static void Bind(IConfiguration configuration, LbaasOptions options)
    {
        options.PendingTimeout = configuration.GetValue(nameof(LbaasOptions.PendingTimeout), options.PendingTimeout);
        options.ReaperInterval = configuration.GetValue(nameof(LbaasOptions.ReaperInterval), options.ReaperInterval);
        options.AgentCount = configuration.GetValue(nameof(LbaasOptions.AgentCount), options.AgentCount);
        options.AgentHeartbeatInterval = configuration.GetValue(nameof(LbaasOptions.AgentHeartbeatInterval), options.AgentHeartbeatInterval);
        options.AgentDeadAfter = configuration.GetValue(nameof(LbaasOptions.AgentDeadAfter), options.AgentDeadAfter);
        options.CredentialKeyRingDirectory = configuration["credential_key_ring_directory"] ?? options.CredentialKeyRingDirectory;

        var providersSection = configuration.GetSection("providers");
        if (providersSection.Value is { } scalar)
        {
            options.Providers = [.. Split(scalar)];
        }
        else if (providersSection.Exists())
        {
            options.Providers = [.. providersSection.GetChildren().Select(c => c.Value).OfType<string>().SelectMany(Split)];
        }

        var flavorsSection = configuration.GetSection("flavors");
        if (flavorsSection.Exists())
        {
            options.Flavors = [.. flavorsSection.GetChildren().Select(BindFlavor)];
        }
    }

    private static IEnumerable<string> Split(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static LoadBalancerFlavorOptions BindFlavor(IConfigurationSection section)
    {
        var flavor = new LoadBalancerFlavorOptions
        {
            Id = section["id"] ?? "",
            Name = section["name"] ?? "",
            Description = section["description"] ?? "",
            Provider = section["provider"] ?? "",
            Enabled = section.GetValue("enabled", true),
        };
        var metadata = section.GetSection("metadata");
        flavor.Metadata = metadata.Value ?? (metadata.GetChildren().Any() ? ToJson(metadata) : null);
        return flavor;
    }

    private static string ToJson(IConfigurationSection section)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, section);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, IConfigurationSection section)
    {
        writer.WriteStartObject();
        foreach (var child in section.GetChildren())
        {
            writer.WritePropertyName(child.Key);
            if (child.Value is { } value)
            {
                writer.WriteStringValue(value);
            }
            else
            {
                Write(writer, child);
            }
        }

        writer.WriteEndObject();
    }
}
