using Microsoft.Extensions.Options;

namespace Lbaas.Configuration;

/// <summary>Validates <see cref="LbaasHealthCheckOptions"/>, naming the key and the value.</summary>
internal sealed class LbaasHealthCheckOptionsValidator : IValidateOptions<LbaasHealthCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, LbaasHealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PendingMaxAge <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"health:PendingMaxAge: '{options.PendingMaxAge}' must be positive.")
            : ValidateOptionsResult.Success;
    }
}
