using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Configuration;

/// <summary>
/// Binds <see cref="LbaasOptions"/> from configuration (keys are case-insensitive): <c>providers</c> (a list, or one
/// comma-separated string), <c>flavors</c> (each with <c>id</c>, <c>name</c>, <c>description</c>, <c>provider</c>,
/// <c>enabled</c> and <c>metadata</c>, which may be a JSON string or a section of keys and values that becomes a JSON
/// object of strings), <c>PendingTimeout</c>, <c>ReaperInterval</c>, <c>AgentCount</c>, <c>AgentHeartbeatInterval</c>,
/// <c>AgentDeadAfter</c>, <c>MaxOperationRetries</c>, <c>OperationRetryDelay</c>, <c>OperationRetryMaxDelay</c>,
/// <c>OperationRetryJitter</c> (time spans as <c>hh:mm:ss</c>), <c>credential_key_ring_directory</c>, <c>devices</c> (each
/// with the keys of <see cref="LoadBalancerDeviceOptions"/>; a value that is not a number, a Boolean or a device kind is
/// an <see cref="InvalidInputException"/> naming <c>devices[&lt;n&gt;].&lt;key&gt;</c>). Lists replace, rather than
/// append to, the current lists, so binding the same section twice is harmless. The <c>placement</c> and <c>wiring</c> subsections are bound elsewhere.
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
        options.MaxOperationRetries = configuration.GetValue(nameof(LbaasOptions.MaxOperationRetries), options.MaxOperationRetries);
        options.OperationRetryDelay = configuration.GetValue(nameof(LbaasOptions.OperationRetryDelay), options.OperationRetryDelay);
        options.OperationRetryMaxDelay = configuration.GetValue(nameof(LbaasOptions.OperationRetryMaxDelay), options.OperationRetryMaxDelay);
        options.OperationRetryJitter = configuration.GetValue(nameof(LbaasOptions.OperationRetryJitter), options.OperationRetryJitter);
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

        var devicesSection = configuration.GetSection("devices");
        if (devicesSection.Exists())
        {
            options.Devices = [.. devicesSection.GetChildren().Select((section, index) => BindDevice(section, index))];
        }
    }

    /// <summary>The name of a configured device's key in errors: <c>devices[&lt;n&gt;].&lt;key&gt;</c>.</summary>
    public static string DeviceField(int index, string key) => $"devices[{index.ToString(CultureInfo.InvariantCulture)}].{key}";

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

    private static LoadBalancerDeviceOptions BindDevice(IConfigurationSection section, int index)
    {
        var device = new LoadBalancerDeviceOptions
        {
            Id = section["id"] ?? "",
            Name = section["name"] ?? "",
            Provider = section["provider"] ?? "",
            HostId = section["host_id"] ?? "",
            ManagementAddress = section["management_address"] ?? "",
            Username = section["username"] ?? "",
            Password = section["password"] ?? "",
            ClusterId = section["cluster_id"],
            TenantId = section["tenant_id"],
            MaxVips = Int(section, index, "max_vips"),
            MaxNetworks = Int(section, index, "max_networks"),
        };
        if (section["kind"] is { } kind)
        {
            device.Kind = Enum.TryParse<DeviceKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(kind, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                ? parsed
                : throw new InvalidInputException(DeviceField(index, "kind"), kind, "Not a device kind (physical or virtual)");
        }

        if (section["supports_overlapping_ips"] is { } overlapping)
        {
            device.SupportsOverlappingIps = bool.TryParse(overlapping, out var parsed)
                ? parsed
                : throw new InvalidInputException(DeviceField(index, "supports_overlapping_ips"), overlapping, "Not a Boolean (true or false)");
        }

        return device;
    }

    private static int Int(IConfigurationSection section, int index, string key)
    {
        if (section[key] is not { } text)
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidInputException(DeviceField(index, key), text, "Not an integer");
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
