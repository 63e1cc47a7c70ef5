using Microsoft.Extensions.Options;
using Ml2.Drivers;
using Ml2.Ipam;
using Ml2.Model;
using Ml2.TypeDrivers;

namespace Ml2.Configuration;

/// <summary>
/// Validates <see cref="Ml2Options"/> at start and reports every bad key and value at once: driver names against the
/// registered drivers, ranges, MTUs, base MAC, binding limits.
/// </summary>
internal sealed class Ml2OptionsValidator(
    IEnumerable<ITypeDriver> typeDrivers,
    IEnumerable<IMechanismDriver> mechanismDrivers,
    IEnumerable<IExtensionDriver> extensionDrivers) : IValidateOptions<Ml2Options>
{
    public ValidateOptionsResult Validate(string? name, Ml2Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var types = new HashSet<string>(typeDrivers.Select(d => d.NetworkType), StringComparer.Ordinal);

        var enabled = options.EffectiveTypeDrivers();
        foreach (var type in enabled.Where(t => !types.Contains(t)))
        {
            errors.Add($"type_drivers: no type driver is registered for network type '{type}'. Registered: {string.Join(", ", types.Order(StringComparer.Ordinal))}.");
        }

        var loaded = new HashSet<string>(enabled.Where(types.Contains), StringComparer.Ordinal);
        foreach (var type in options.EffectiveTenantNetworkTypes().Where(t => !loaded.Contains(t)))
        {
            errors.Add($"tenant_network_types: '{type}' has no loaded type driver (type_drivers: {string.Join(", ", loaded)}).");
        }

        if (options.ExternalNetworkType is { Length: > 0 } external && !loaded.Contains(external))
        {
            errors.Add($"external_network_type: '{external}' has no loaded type driver (type_drivers: {string.Join(", ", loaded)}).");
        }

        CheckNames("mechanism_drivers", ConfigList.Split(options.MechanismDrivers), mechanismDrivers.Select(d => d.Name), errors);
        CheckNames("extension_drivers", ConfigList.Split(options.ExtensionDrivers), extensionDrivers.Select(d => d.Alias), errors);

        if (options.GlobalPhysnetMtu < 0)
        {
            errors.Add($"global_physnet_mtu: '{options.GlobalPhysnetMtu}' must not be negative.");
        }

        if (options.PathMtu < 0)
        {
            errors.Add($"path_mtu: '{options.PathMtu}' must not be negative.");
        }

        if (options.OverlayIpVersion is not (4 or 6))
        {
            errors.Add($"overlay_ip_version: '{options.OverlayIpVersion}' must be 4 or 6.");
        }

        if (options.MaxBindingLevels is < 1 or > 100)
        {
            errors.Add($"MaxBindingLevels: '{options.MaxBindingLevels}' must be between 1 and 100.");
        }

        if (options.MaxBindTries is < 1 or > 100)
        {
            errors.Add($"MaxBindTries: '{options.MaxBindTries}' must be between 1 and 100.");
        }

        if (options.MaxOperationRetries is < 1 or > 100)
        {
            errors.Add($"MaxOperationRetries: '{options.MaxOperationRetries}' must be between 1 and 100.");
        }

        if (MacAddressAllocator.ValidateBaseMac(options.BaseMac) is { } baseMacError)
        {
            errors.Add(baseMacError);
        }

        errors.AddRange(TypeDriverOptionsValidation.Validate(options));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckNames(string key, IReadOnlyList<string> configured, IEnumerable<string> registered, List<string> errors)
    {
        var known = new HashSet<string>(registered, StringComparer.Ordinal);
        var missing = configured.Where(n => !known.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"{key}: the following drivers were not found: {string.Join(", ", missing)}. Registered: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
        }

        var twice = configured.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
        {
            errors.Add($"{key}: listed more than once: {string.Join(", ", twice)}.");
        }
    }
}
