using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Lbaas.Configuration;

/// <summary>
/// Binds <see cref="LbaasOptions"/> from configuration. On top of the standard binder: <c>providers</c> may be one
/// comma-separated string; a flavor's <c>metadata</c> may be a section of keys and values (it becomes a JSON object of
/// strings) as well as a JSON string; and both lists replace, rather than append to, the current lists, so binding the
/// same section twice is harmless.
/// </summary>
internal static class LbaasConfigurationBinder
{
    public static void Bind(IConfiguration configuration, LbaasOptions options)
    {
        var providers = options.Providers;
        var flavors = options.Flavors;
        configuration.Bind(options);
        options.Providers = providers;
        options.Flavors = flavors;

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
        var flavor = new LoadBalancerFlavorOptions();
        section.Bind(flavor);
        var metadata = section.GetSection("metadata");
        if (metadata.Value is null && metadata.GetChildren().Any())
        {
            flavor.Metadata = ToJson(metadata);
        }

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
