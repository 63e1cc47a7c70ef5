using Microsoft.Extensions.Options;
using Ml2.Ipam;
using Ml2.TypeDrivers;

namespace Ml2.Configuration;

/// <summary>
/// Validates <see cref="Ml2Options"/> at start and reports every bad key and value at once: driver names against the
/// registered drivers, ranges, MTUs, base MAC, binding limits.
/// </summary>
/// <remarks>
/// Driver names are checked when the managers are built (drivers may themselves depend on these options), and
/// <see cref="Ml2StartupChecks"/> reports those problems together.
/// </remarks>
internal sealed class Ml2OptionsValidator : IValidateOptions<Ml2Options>
{
    public ValidateOptionsResult Validate(string? name, Ml2Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var tenantTypes = options.EffectiveTenantNetworkTypes();
        var enabled = new HashSet<string>(options.EffectiveTypeDrivers(), StringComparer.Ordinal);
        foreach (var type in tenantTypes.Where(t => !enabled.Contains(t)))
        {
            errors.Add($"tenant_network_types: '{type}' is not in type_drivers ({string.Join(", ", enabled)}).");
        }

        if (options.ExternalNetworkType is { Length: > 0 } external && !enabled.Contains(external))
        {
            errors.Add($"external_network_type: '{external}' is not in type_drivers ({string.Join(", ", enabled)}).");
        }

        CheckListedOnce("mechanism_drivers", ConfigList.Split(options.MechanismDrivers), errors);
        CheckListedOnce("extension_drivers", ConfigList.Split(options.ExtensionDrivers), errors);

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

    private static void CheckListedOnce(string key, IReadOnlyList<string> configured, List<string> errors)
    {
        var twice = configured.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
        {
            errors.Add($"{key}: listed more than once: {string.Join(", ", twice)}.");
        }
    }
}
