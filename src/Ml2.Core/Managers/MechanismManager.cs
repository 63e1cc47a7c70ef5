using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Diagnostics;
using Ml2.Drivers;
using Ml2.Exceptions;

namespace Ml2.Managers;

/// <summary>
/// Calls the mechanism drivers in configured order (Neutron's MechanismManager._call_on_drivers). The loop is
/// allocation-free when every driver completes synchronously; a driver that really awaits takes the slow path.
/// </summary>
internal sealed partial class MechanismManager
{
    private readonly IMechanismDriver[] _drivers;
    private readonly ILogger<MechanismManager> _logger;

    public MechanismManager(IEnumerable<IMechanismDriver> drivers, IOptions<Ml2Options> options, ILogger<MechanismManager> logger)
    {
        _logger = logger;
        _drivers = Order(drivers, ConfigList.Split(options.Value.MechanismDrivers));
    }

    /// <summary>The drivers, in call order.</summary>
    public IReadOnlyList<IMechanismDriver> Drivers => _drivers;

    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        foreach (var driver in _drivers)
        {
            await driver.InitializeAsync(cancellationToken).ConfigureAwait(false);
            Log.MechanismDriverInitialized(_logger, driver.Name);
        }
    }

    /// <summary>
    /// Calls <paramref name="hook"/> on every driver. Depending on the hook's mode, throws
    /// <see cref="MechanismDriverException"/> at the first failure, throws all failures at the end, or logs them.
    /// A <see cref="ConcurrencyConflictException"/> from a driver is rethrown unwrapped so the operation is retried.
    /// </summary>
    public ValueTask CallAsync<TContext>(MechanismHook<TContext> hook, TContext context, CancellationToken cancellationToken)
    {
        var drivers = _drivers;
        List<MechanismDriverFailure>? failures = null;
        for (var i = 0; i < drivers.Length; i++)
        {
            ValueTask pending;
            try
            {
                pending = hook.Invoke(drivers[i], context, cancellationToken);
                if (pending.IsCompletedSuccessfully)
                {
                    pending.GetAwaiter().GetResult();
                    continue;
                }
            }
            catch (Exception ex)
            {
                if (!OnFailure(hook, drivers[i], ex, ref failures))
                {
                    break;
                }

                continue;
            }

            return CallSlowAsync(hook, context, i, pending, failures, cancellationToken);
        }

        return failures is null ? default : Complete(hook, failures);
    }

    private async ValueTask CallSlowAsync<TContext>(
        MechanismHook<TContext> hook, TContext context, int index, ValueTask pending, List<MechanismDriverFailure>? failures, CancellationToken cancellationToken)
    {
        var drivers = _drivers;
        for (var i = index; i < drivers.Length; i++)
        {
            try
            {
                if (i == index)
                {
                    await pending.ConfigureAwait(false);
                }
                else
                {
                    await hook.Invoke(drivers[i], context, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                if (!OnFailure(hook, drivers[i], ex, ref failures))
                {
                    break;
                }
            }
        }

        if (failures is not null)
        {
            await Complete(hook, failures).ConfigureAwait(false);
        }
    }

    /// <summary>Records a failure; returns whether to go on with the next driver.</summary>
    private bool OnFailure<TContext>(MechanismHook<TContext> hook, IMechanismDriver driver, Exception exception, ref List<MechanismDriverFailure>? failures)
    {
        if (exception is ConcurrencyConflictException && hook.IsPrecommit)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
        }

        Log.MechanismDriverFailed(_logger, driver.Name, hook.Name, exception);
        Ml2Metrics.DriverFailed(driver.Name, hook.Name);
        (failures ??= []).Add(new MechanismDriverFailure(driver.Name, exception));
        return hook.Mode != DispatchMode.StopOnFirstFailure;
    }

    private ValueTask Complete<TContext>(MechanismHook<TContext> hook, List<MechanismDriverFailure> failures)
    {
        if (hook.Mode == DispatchMode.CallAllThenLog)
        {
            Log.PostcommitFailureLogged(_logger, hook.Name, failures.Count);
            return default;
        }

        return ValueTask.FromException(new MechanismDriverException(hook.Name, failures));
    }

    private static IMechanismDriver[] Order(IEnumerable<IMechanismDriver> drivers, IReadOnlyList<string> configured)
    {
        var registered = new List<IMechanismDriver>();
        var byName = new Dictionary<string, IMechanismDriver>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        foreach (var driver in drivers)
        {
            if (byName.TryAdd(driver.Name, driver))
            {
                registered.Add(driver);
            }
            else if (!ReferenceEquals(byName[driver.Name], driver))
            {
                duplicates.Add(driver.Name);
            }
        }

        var errors = new List<string>();
        if (duplicates.Count > 0)
        {
            errors.Add($"Mechanism driver names must be unique; registered more than once: {string.Join(", ", duplicates.Distinct(StringComparer.Ordinal))}.");
        }

        if (configured.Count == 0)
        {
            ThrowIfAny(errors);
            return [.. registered];
        }

        var listedTwice = configured.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (listedTwice.Count > 0)
        {
            errors.Add($"mechanism_drivers lists these drivers more than once: {string.Join(", ", listedTwice)}.");
        }

        var missing = configured.Where(n => !byName.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"The following mechanism drivers were not found: {string.Join(", ", missing)}. Registered: {string.Join(", ", byName.Keys)}.");
        }

        ThrowIfAny(errors);
        return [.. configured.Distinct(StringComparer.Ordinal).Select(n => byName[n])];
    }

    private static void ThrowIfAny(List<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Ml2Options.SectionName, typeof(Ml2Options), errors);
        }
    }
}
