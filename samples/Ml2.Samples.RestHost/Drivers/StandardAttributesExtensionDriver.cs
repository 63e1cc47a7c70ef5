using System.Text.Json;
using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Plugin;

namespace Ml2.Samples.RestHost.Drivers;

/// <summary>
/// Neutron attributes the SDK's models do not carry, kept with the resource as extension attributes:
/// <c>description</c> (standard-attr-description, every resource, at most 255 characters) and a subnet's
/// <c>dns_nameservers</c> (list of addresses) and <c>host_routes</c> (list of <c>{destination, nexthop}</c>).
/// </summary>
public sealed class StandardAttributesExtensionDriver : IExtensionDriver
{
    /// <summary>The alias in <c>extension_drivers</c>.</summary>
    public const string DriverAlias = "standard_attributes";

    /// <summary>The description attribute.</summary>
    public const string Description = "description";

    /// <summary>A subnet's DNS servers.</summary>
    public const string DnsNameservers = "dns_nameservers";

    /// <summary>A subnet's host routes.</summary>
    public const string HostRoutes = "host_routes";

    private const int MaxLength = 255;

    /// <inheritdoc />
    public string Alias => DriverAlias;

    /// <inheritdoc />
    public IReadOnlyCollection<string> AttributeNames { get; } = [Description, DnsNameservers, HostRoutes];

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, JsonElement>> ProcessAsync(
        ExtensionContext context, IReadOnlyDictionary<string, JsonElement> requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requested);
        foreach (var (name, value) in requested)
        {
            if (name == Description)
            {
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidInputException(name, value.GetRawText(), $"'{value.GetRawText()}' is not a valid string");
                }

                if (value.GetString()!.Length > MaxLength)
                {
                    throw new InvalidInputException(name, value.GetString(), $"'{value.GetString()}' exceeds maximum length of {MaxLength}");
                }

                continue;
            }

            if (context.Kind != ResourceKind.Subnet)
            {
                throw new InvalidInputException(name, value.GetRawText(), $"{name} is a subnet attribute");
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidInputException(name, value.GetRawText(), $"'{value.GetRawText()}' is not a list");
            }

            foreach (var item in value.EnumerateArray())
            {
                var ok = name == DnsNameservers
                    ? item.ValueKind == JsonValueKind.String && System.Net.IPAddress.TryParse(item.GetString(), out _)
                    : item.ValueKind == JsonValueKind.Object
                      && item.TryGetProperty("destination", out var d) && d.ValueKind == JsonValueKind.String
                      && item.TryGetProperty("nexthop", out var n) && n.ValueKind == JsonValueKind.String;
                if (!ok)
                {
                    throw new InvalidInputException(name, item.GetRawText(), $"'{item.GetRawText()}' is not a valid {(name == DnsNameservers ? "nameserver" : "host route")}");
                }
            }
        }

        return ValueTask.FromResult(requested);
    }
}
