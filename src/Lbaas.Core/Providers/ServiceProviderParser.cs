using Lbaas.Configuration;

namespace Lbaas.Providers;

/// <summary>
/// Parses Neutron's <c>service_provider</c> entries, <c>&lt;service_type&gt;:&lt;name&gt;:&lt;driver&gt;[:default]</c>,
/// with Neutron's rules and wording (neutron/services/provider_configuration.py): split on <c>:</c>; fewer than three
/// parts is "Invalid service provider format"; a fourth part must be <c>default</c> or empty; names are limited to
/// 255 characters and lower-cased.
/// </summary>
internal static class ServiceProviderParser
{
    public const int MaxNameLength = 255;

    /// <summary>Parses every entry; bad entries produce an error (prefixed with their key) instead of an entry.</summary>
    public static IReadOnlyList<ServiceProviderEntry> Parse(IList<string> entries, List<string> errors)
    {
        var result = new List<ServiceProviderEntry>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var text = entries[i] ?? "";
            var key = $"providers[{i}] '{text}'";
            var parts = text.Split(':');
            if (parts.Length < 3 || parts.Length > 4)
            {
                errors.Add($"{key}: Invalid service provider format; expected '{LbaasOptions.ServiceType}:<name>:<driver>[:default]'.");
                continue;
            }

            var (serviceType, name, driver) = (parts[0].Trim(), parts[1].Trim(), parts[2].Trim());
            var ok = true;
            if (!string.Equals(serviceType, LbaasOptions.ServiceType, StringComparison.Ordinal))
            {
                errors.Add($"{key}: Service type '{serviceType}' is not supported; the only service type is {LbaasOptions.ServiceType}.");
                ok = false;
            }

            if (name.Length == 0 || driver.Length == 0)
            {
                errors.Add($"{key}: Invalid service provider format; the provider name and the driver must not be empty.");
                ok = false;
            }

            if (name.Length > MaxNameLength)
            {
                errors.Add($"{key}: Provider name {name} is limited by {MaxNameLength} characters.");
                ok = false;
            }

            var isDefault = false;
            if (parts.Length == 4 && parts[3].Length > 0)
            {
                if (string.Equals(parts[3].Trim(), "default", StringComparison.Ordinal))
                {
                    isDefault = true;
                }
                else
                {
                    errors.Add($"{key}: Invalid provider format. Last part should be 'default' or empty: {text}");
                    ok = false;
                }
            }

            if (ok)
            {
                result.Add(new ServiceProviderEntry(i, text, serviceType, Normalize(name), driver, isDefault));
            }
        }

        return result;
    }

    /// <summary>Neutron's <c>normalize_provider_name</c>: provider names are case-insensitive.</summary>
    public static string Normalize(string name) => name.Trim().ToLowerInvariant();
}
