using Lbaas.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Lbaas;
using Ml2.Plugin;

namespace Lbaas.Providers;

/// <summary>
/// Validates <see cref="LbaasOptions"/> at start and reports every bad key and value at once: providers with
/// Neutron's rules and wording (format, exactly one default, unique names and drivers, registered drivers), flavors
/// (id, known provider, JSON metadata the driver accepts), timeouts, agent and retry settings, and that an
/// <see cref="IMl2Plugin"/> is registered (<c>AddMl2()</c>).
/// </summary>
/// <remarks>
/// The registered drivers are resolved lazily, inside <see cref="Validate"/>, because a driver may itself depend on
/// these options; a driver that reads the options while being built re-enters validation, which then skips the driver
/// checks for that inner pass (the same guard as the ML2 options validator).
/// </remarks>
internal sealed class LbaasOptionsValidator(IServiceProvider services) : IValidateOptions<LbaasOptions>
{
    /// <summary>What is said when the host registered no ML2 plugin for LBaaS to wire devices through.</summary>
    internal const string NoMl2PluginMessage =
        "No Ml2.Plugin.IMl2Plugin is registered: LBaaS wires devices through ML2 and needs one. Call services.AddMl2() " +
        "(Ml2.Core) before or after AddLbaas(), or register your own IMl2Plugin.";

    [ThreadStatic]
    private static bool t_resolvingDrivers;

    public ValidateOptionsResult Validate(string? name, LbaasOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<ILoadBalancerDriver>? drivers = null;
        if (!t_resolvingDrivers)
        {
            t_resolvingDrivers = true;
            try
            {
                drivers = services.GetServices<ILoadBalancerDriver>().ToList();
            }
            finally
            {
                t_resolvingDrivers = false;
            }
        }

        var errors = new List<string>(ProviderConfiguration.Build(options, drivers).Errors);
        if (options.PendingTimeout <= TimeSpan.Zero)
        {
            errors.Add($"PendingTimeout: '{options.PendingTimeout}' must be positive.");
        }

        if (options.ReaperInterval < TimeSpan.Zero)
        {
            errors.Add($"ReaperInterval: '{options.ReaperInterval}' must not be negative (zero turns the reaper timer off).");
        }

        if (options.AgentCount is < 1 or > 1000)
        {
            errors.Add($"AgentCount: '{options.AgentCount}' must be between 1 and 1000.");
        }

        if (options.AgentHeartbeatInterval <= TimeSpan.Zero)
        {
            errors.Add($"AgentHeartbeatInterval: '{options.AgentHeartbeatInterval}' must be positive.");
        }
        else if (options.AgentDeadAfter <= options.AgentHeartbeatInterval)
        {
            errors.Add($"AgentDeadAfter: '{options.AgentDeadAfter}' must be longer than AgentHeartbeatInterval ('{options.AgentHeartbeatInterval}').");
        }

        options.RetrySettings.Validate(errors);
        if (services.GetService<IServiceProviderIsService>() is { } registry && !registry.IsService(typeof(IMl2Plugin)))
        {
            errors.Add(NoMl2PluginMessage);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
