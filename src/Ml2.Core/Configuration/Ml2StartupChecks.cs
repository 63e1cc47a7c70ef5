using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ml2.Managers;

namespace Ml2.Configuration;

/// <summary>
/// Builds the driver managers once at start and reports every driver problem (unknown or duplicate names, types
/// without a driver) in one <see cref="OptionsValidationException"/>, after the option values themselves validated.
/// </summary>
internal static class Ml2StartupChecks
{
    public static void Run(IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<Ml2Options>>().Value;
        var failures = new List<string>();
        Collect<TypeManager>(services, failures);
        Collect<MechanismManager>(services, failures);
        Collect<ExtensionManager>(services, failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Ml2Options.SectionName, typeof(Ml2Options), failures);
        }
    }

    private static void Collect<T>(IServiceProvider services, List<string> failures)
        where T : notnull
    {
        try
        {
            _ = services.GetRequiredService<T>();
        }
        catch (OptionsValidationException ex)
        {
            failures.AddRange(ex.Failures);
        }
    }
}
