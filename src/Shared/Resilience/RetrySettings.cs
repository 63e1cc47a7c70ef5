namespace Ml2.Resilience;

/// <summary>
/// The settings of one <see cref="ConflictRetry"/>: ML2's come from <c>Ml2Options</c>, LBaaS's from <c>LbaasOptions</c>,
/// each with the option names used here and the same defaults (compiled into Ml2.Core and Lbaas.Core).
/// </summary>
/// <param name="MaxRetries">The re-runs after the first attempt (option <c>MaxOperationRetries</c>, 1-100).</param>
/// <param name="Delay">The delay before the first re-run (option <c>OperationRetryDelay</c>), doubled at each further one.</param>
/// <param name="MaxDelay">The longest delay (option <c>OperationRetryMaxDelay</c>, positive, at most one hour).</param>
/// <param name="Jitter">Whether the delays are randomised (option <c>OperationRetryJitter</c>).</param>
internal readonly record struct RetrySettings(int MaxRetries, TimeSpan Delay, TimeSpan MaxDelay, bool Jitter)
{
    /// <summary>The default of <c>MaxOperationRetries</c>: 10.</summary>
    public const int DefaultMaxRetries = 10;

    /// <summary>The default of <c>OperationRetryDelay</c>: 5 ms.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(5);

    /// <summary>The default of <c>OperationRetryMaxDelay</c>: 1 s.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(1);

    /// <summary>Adds a message to <paramref name="errors"/> for each setting out of range, named by its option.</summary>
    public void Validate(List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (MaxRetries is < 1 or > 100)
        {
            errors.Add($"MaxOperationRetries: '{MaxRetries}' must be between 1 and 100.");
        }

        if (MaxDelay <= TimeSpan.Zero || MaxDelay > TimeSpan.FromHours(1))
        {
            errors.Add($"OperationRetryMaxDelay: '{MaxDelay}' must be positive and at most one hour.");
        }

        if (Delay < TimeSpan.Zero || Delay > MaxDelay)
        {
            errors.Add($"OperationRetryDelay: '{Delay}' must not be negative nor more than OperationRetryMaxDelay ('{MaxDelay}').");
        }
    }
}
