using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Lbaas;

namespace Lbaas.Placement;

/// <summary>
/// Validates <see cref="PlacementOptions"/> at start against the registered policies and reports every problem at
/// once: unknown or repeated policy names, weights for unknown policies or filters, bad weights and limits, duplicate
/// or reserved policy names.
/// </summary>
/// <remarks>
/// The policies are resolved lazily, inside <see cref="Validate"/>, because a host policy may itself depend on these
/// options; a policy that reads the options while being built re-enters validation, which then skips the policy
/// checks for that inner pass.
/// </remarks>
internal sealed class PlacementOptionsValidator(IServiceProvider services) : IValidateOptions<PlacementOptions>
{
    [ThreadStatic]
    private static bool t_resolvingPolicies;

    public ValidateOptionsResult Validate(string? name, PlacementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (t_resolvingPolicies)
        {
            return ValidateOptionsResult.Skip;
        }

        IPlacementPolicy[] policies;
        t_resolvingPolicies = true;
        try
        {
            policies = [.. services.GetServices<IPlacementPolicy>()];
        }
        finally
        {
            t_resolvingPolicies = false;
        }

        var errors = new List<string>();
        PlacementPipeline.Build(options, policies, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
