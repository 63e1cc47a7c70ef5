using System.Collections.Frozen;
using System.Text.Json;
using Lbaas.Configuration;
using Lbaas;

namespace Lbaas.Providers;

/// <summary>
/// The providers and flavors of <see cref="LbaasOptions"/>, parsed and checked: Neutron's provider rules (format, one
/// default, unique names, unique drivers) plus registered drivers and flavors (known provider, metadata the driver
/// accepts). Every problem is collected, each prefixed with its key and value.
/// </summary>
internal sealed class ProviderConfiguration
{
    private ProviderConfiguration(IReadOnlyList<LoadBalancerProvider> providers, IReadOnlyList<LoadBalancerFlavor> flavors, IReadOnlyList<string> errors)
    {
        Providers = providers;
        Flavors = flavors;
        Errors = errors;
    }

    /// <summary>The valid providers, in configuration order.</summary>
    public IReadOnlyList<LoadBalancerProvider> Providers { get; }

    /// <summary>The valid flavors, in configuration order.</summary>
    public IReadOnlyList<LoadBalancerFlavor> Flavors { get; }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Parses and checks the options.</summary>
    /// <param name="options">The options.</param>
    /// <param name="drivers">The registered drivers, or null to skip the checks that need them.</param>
    /// <returns>The result, with <see cref="Errors"/> empty when everything is valid.</returns>
    public static ProviderConfiguration Build(LbaasOptions options, IReadOnlyList<ILoadBalancerDriver>? drivers)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var driversByName = drivers is null ? null : IndexDrivers(drivers, errors);
        var providers = BuildProviders(options.Providers ?? [], driversByName, errors);
        var flavors = BuildFlavors(options.Flavors ?? [], providers, driversByName, errors);
        return new ProviderConfiguration(providers, flavors, errors);
    }

    /// <summary>Parses a flavor's metadata JSON into a detached, immutable map.</summary>
    /// <exception cref="JsonException">The text is not JSON or not an object.</exception>
    public static IReadOnlyDictionary<string, JsonElement> ParseMetadata(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Ml2.Model.ExtensionAttributes.Empty;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"expected a JSON object, found {document.RootElement.ValueKind}");
        }

        return document.RootElement.EnumerateObject()
            .ToFrozenDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private static Dictionary<string, ILoadBalancerDriver> IndexDrivers(IReadOnlyList<ILoadBalancerDriver> drivers, List<string> errors)
    {
        var byName = new Dictionary<string, ILoadBalancerDriver>(StringComparer.Ordinal);
        var duplicates = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var driver in drivers.Distinct())
        {
            if (!byName.TryAdd(driver.Name, driver))
            {
                duplicates.Add(driver.Name);
            }
        }

        if (duplicates.Count > 0)
        {
            errors.Add($"load-balancer drivers: driver names must be unique; registered more than once: {string.Join(", ", duplicates)}.");
        }

        return byName;
    }

    private static List<LoadBalancerProvider> BuildProviders(IList<string> entries, Dictionary<string, ILoadBalancerDriver>? drivers, List<string> errors)
    {
        if (entries.Count == 0)
        {
            errors.Add($"providers: no provider is configured; add an entry '{LbaasOptions.ServiceType}:<name>:<driver>:default'.");
            return [];
        }

        var parsed = ServiceProviderParser.Parse(entries, errors);
        var providers = new List<LoadBalancerProvider>(parsed.Count);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var driverUsers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in parsed)
        {
            var key = $"providers[{entry.Index}] '{entry.Text}'";
            var ok = true;
            if (names.TryGetValue(entry.Name, out var first))
            {
                errors.Add($"{key}: Multiple providers specified for service {entry.ServiceType}; the name '{entry.Name}' is already used by providers[{first}].");
                ok = false;
            }

            if (driverUsers.TryGetValue(entry.DriverName, out var user))
            {
                errors.Add($"{key}: Driver {entry.DriverName} is not unique across providers; providers[{user}] uses it too.");
                ok = false;
            }

            if (drivers is not null && !drivers.ContainsKey(entry.DriverName))
            {
                var registered = drivers.Count == 0 ? "none" : string.Join(", ", drivers.Keys.Order(StringComparer.Ordinal));
                errors.Add($"{key}: No load-balancer driver named '{entry.DriverName}' is registered. Registered: {registered}.");
                ok = false;
            }

            names.TryAdd(entry.Name, entry.Index);
            driverUsers.TryAdd(entry.DriverName, entry.Index);
            if (ok)
            {
                providers.Add(new LoadBalancerProvider(entry.Name, entry.DriverName, entry.IsDefault));
            }
        }

        var defaults = parsed.Where(e => e.IsDefault).Select(e => e.Name).Distinct(StringComparer.Ordinal).ToList();
        if (defaults.Count > 1)
        {
            errors.Add($"providers: Multiple default providers for service {LbaasOptions.ServiceType}: {string.Join(", ", defaults.Select(d => $"'{d}'"))}.");
        }
        else if (defaults.Count == 0 && !entries.Any(e => e is not null && e.TrimEnd().EndsWith(":default", StringComparison.Ordinal)))
        {
            errors.Add($"providers: Service type {LbaasOptions.ServiceType} does not have a default service provider; end exactly one entry with ':default'.");
        }

        return providers;
    }

    private static List<LoadBalancerFlavor> BuildFlavors(
        IList<LoadBalancerFlavorOptions> entries, List<LoadBalancerProvider> providers, Dictionary<string, ILoadBalancerDriver>? drivers, List<string> errors)
    {
        var flavors = new List<LoadBalancerFlavor>(entries.Count);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry is null)
            {
                errors.Add($"flavors[{i}]: the entry is empty.");
                continue;
            }

            var key = $"flavors[{i}] '{entry.Id}'";
            var ok = true;
            if (string.IsNullOrWhiteSpace(entry.Id))
            {
                errors.Add($"flavors[{i}]: Id must not be empty.");
                ok = false;
            }
            else if (!ids.TryAdd(entry.Id, i))
            {
                errors.Add($"{key}: Id is already used by flavors[{ids[entry.Id]}].");
                ok = false;
            }

            LoadBalancerProvider? provider = null;
            if (string.IsNullOrWhiteSpace(entry.Provider))
            {
                errors.Add($"{key}: Provider must not be empty.");
                ok = false;
            }
            else
            {
                var name = ServiceProviderParser.Normalize(entry.Provider);
                provider = providers.Find(p => p.Name == name);
                if (provider is null)
                {
                    var configured = providers.Count == 0 ? "none" : string.Join(", ", providers.Select(p => p.Name));
                    errors.Add($"{key}: Provider '{entry.Provider}' is not a configured provider. Configured: {configured}.");
                    ok = false;
                }
            }

            IReadOnlyDictionary<string, JsonElement> metadata;
            try
            {
                metadata = ParseMetadata(entry.Metadata);
            }
            catch (JsonException ex)
            {
                errors.Add($"{key}: Metadata is not a JSON object: {ex.Message}");
                continue;
            }

            if (provider is not null && drivers is not null && drivers.TryGetValue(provider.DriverName, out var driver))
            {
                try
                {
                    driver.ValidateFlavor(metadata);
                }
                catch (Exception ex)
                {
                    errors.Add($"{key}: Metadata rejected by provider '{provider.Name}' (driver '{driver.Name}'): {ex.Message}");
                    ok = false;
                }
            }

            if (ok && provider is not null)
            {
                flavors.Add(new LoadBalancerFlavor
                {
                    Id = entry.Id,
                    Name = entry.Name ?? "",
                    Description = entry.Description ?? "",
                    Provider = provider.Name,
                    Metadata = metadata,
                    Enabled = entry.Enabled,
                });
            }
        }

        return flavors;
    }
}
