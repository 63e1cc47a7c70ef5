using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ml2.Drivers;
using Ml2.Ipam;
using Ml2.TypeDrivers;

namespace Ml2.Configuration;

/// <summary>
/// Validates <see cref="Ml2Options"/> at start and reports every bad key and value at once: driver names against the
/// registered drivers, ranges, MTUs, base MAC, binding limits.
/// </summary>
/// <remarks>
/// The registered drivers are resolved lazily, inside <see cref="Validate"/>, because drivers may themselves depend on
/// these options; a driver that reads the options while being built re-enters validation, which then skips the
/// driver checks for that inner pass.
/// </remarks>
internal sealed class Ml2OptionsValidator(IServiceProvider services) : IValidateOptions<Ml2Options>
{
    [ThreadStatic]
    private static bool t_checkingDrivers;

    public ValidateOptionsResult Validate(string? name, Ml2Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!t_checkingDrivers)
        {
            t_checkingDrivers = true;
            try
            {
                CheckDrivers(options, errors);
            }
            finally
            {
                t_checkingDrivers = false;
            }
        }

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

        options.RetrySettings.Validate(errors);

        if (MacAddressAllocator.ValidateBaseMac(options.BaseMac) is { } baseMacError)
        {
            errors.Add(baseMacError);
        }

        ValidateJournal(options.Journal, errors);
        errors.AddRange(TypeDriverOptionsValidation.Validate(options));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateJournal(JournalOptions? journal, List<string> errors)
    {
        const string Section = "ml2_journal:";
        if (journal is null)
        {
            errors.Add($"{Section} must not be null.");
            return;
        }

        if (journal.MaxAttempts is < 1 or > 1000)
        {
            errors.Add($"{Section}journal_max_attempts: '{journal.MaxAttempts}' must be between 1 and 1000.");
        }

        if (journal.RetryBaseDelay <= TimeSpan.Zero)
        {
            errors.Add($"{Section}journal_retry_base_delay: '{journal.RetryBaseDelay}' must be positive.");
        }

        if (journal.RetryMaxDelay < journal.RetryBaseDelay)
        {
            errors.Add($"{Section}journal_retry_max_delay: '{journal.RetryMaxDelay}' must not be less than journal_retry_base_delay ('{journal.RetryBaseDelay}').");
        }

        if (journal.LockTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}journal_lock_timeout: '{journal.LockTimeout}' must be positive.");
        }

        if (journal.Retention < TimeSpan.Zero)
        {
            errors.Add($"{Section}journal_retention: '{journal.Retention}' must not be negative.");
        }

        if (journal.PollInterval <= TimeSpan.Zero || journal.PollInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{Section}journal_poll_interval: '{journal.PollInterval}' must be positive and at most one day.");
        }

        if (journal.BatchSize is < 1 or > 10_000)
        {
            errors.Add($"{Section}journal_batch_size: '{journal.BatchSize}' must be between 1 and 10000.");
        }
    }

    private void CheckDrivers(Ml2Options options, List<string> errors)
    {
        var types = new HashSet<string>(services.GetServices<ITypeDriver>().Select(d => d.NetworkType), StringComparer.Ordinal);
        foreach (var type in options.EffectiveTypeDrivers().Where(t => !types.Contains(t)).Distinct(StringComparer.Ordinal))
        {
            errors.Add($"type_drivers: no type driver is registered for network type '{type}'. Registered: {string.Join(", ", types.Order(StringComparer.Ordinal))}.");
        }

        CheckNames("mechanism_drivers", ConfigList.Split(options.MechanismDrivers), services.GetServices<IMechanismDriver>().Distinct().Select(d => d.Name), errors);
        CheckNames("extension_drivers", ConfigList.Split(options.ExtensionDrivers), services.GetServices<IExtensionDriver>().Distinct().Select(d => d.Alias), errors);
    }

    private static void CheckNames(string key, IReadOnlyList<string> configured, IEnumerable<string> registered, List<string> errors)
    {
        var names = registered.ToList();
        var duplicates = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            errors.Add($"{key}: driver names must be unique; registered more than once: {string.Join(", ", duplicates)}.");
        }

        var known = new HashSet<string>(names, StringComparer.Ordinal);
        var missing = configured.Where(n => !known.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"{key}: the following drivers were not found: {string.Join(", ", missing)}. Registered: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
        }
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
