using Microsoft.Extensions.Options;

namespace Ml2.Configuration;

/// <summary>Validates <see cref="Ml2HealthCheckOptions"/>; every problem is reported at once, each naming its key and value.</summary>
internal sealed class Ml2HealthCheckOptionsValidator : IValidateOptions<Ml2HealthCheckOptions>
{
    private const string Section = "health:";

    public ValidateOptionsResult Validate(string? name, Ml2HealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.JournalMaxPending is < 0 or > Ml2HealthCheckOptions.MaxJournalMaxPending)
        {
            errors.Add($"{Section}journal_max_pending: '{options.JournalMaxPending}' must be between 0 and {Ml2HealthCheckOptions.MaxJournalMaxPending}.");
        }

        if (options.JournalMaxPendingAge <= TimeSpan.Zero)
        {
            errors.Add($"{Section}journal_max_pending_age: '{options.JournalMaxPendingAge}' must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
