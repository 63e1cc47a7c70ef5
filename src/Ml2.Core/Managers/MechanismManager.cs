using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Contexts;
using Ml2.Diagnostics;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Journal;

namespace Ml2.Managers;

/// <summary>
/// Calls the mechanism drivers in configured order (Neutron's MechanismManager._call_on_drivers). The loop is
/// allocation-free when every driver completes synchronously; a driver that really awaits takes the slow path.
/// Journaled drivers (<see cref="IJournaledMechanismDriver"/>) get their precommit hooks like any driver, then a journal
/// entry in the same transaction; their postcommit hooks are never called (the journal worker delivers instead).
/// </summary>
internal sealed partial class MechanismManager
{
    private readonly IMechanismDriver[] _drivers;
    private readonly IMechanismDriver[] _postcommitDrivers;
    private readonly IJournaledMechanismDriver[] _journaled;
    private readonly TimeProvider _time;
    private readonly ILogger<MechanismManager> _logger;
    private readonly Ml2Metrics _metrics;

    public MechanismManager(IEnumerable<IMechanismDriver> drivers, IOptions<Ml2Options> options, ILogger<MechanismManager> logger, TimeProvider? time = null, Ml2Metrics? metrics = null)
    {
        _logger = logger;
        _metrics = metrics ?? new Ml2Metrics();
        _time = time ?? TimeProvider.System;
        _drivers = Order(drivers, ConfigList.Split(options.Value.MechanismDrivers));
        _journaled = [.. _drivers.OfType<IJournaledMechanismDriver>()];
        _postcommitDrivers = [.. _drivers.Where(d => d is not IJournaledMechanismDriver)];
    }

    /// <summary>The drivers, in call order.</summary>
    public IReadOnlyList<IMechanismDriver> Drivers => _drivers;

    /// <summary>The journaled drivers, in call order.</summary>
    public IReadOnlyList<IJournaledMechanismDriver> JournaledDrivers => _journaled;

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
        where TContext : class
    {
        if (hook.Journal is { } journal && _journaled.Length > 0)
        {
            return CallAndJournalAsync(hook, journal, context, cancellationToken);
        }

        return CallDriversAsync(hook, hook.IsPrecommit ? _drivers : _postcommitDrivers, context, cancellationToken);
    }

    /// <summary>
    /// Neutron's <c>_check_vlan_transparency</c>: when the network asks for VLAN transparency, every driver must
    /// support it, or the create fails with <see cref="VlanTransparencyDriverException"/>.
    /// </summary>
    public void CheckVlanTransparency(NetworkContext context)
    {
        if (!context.Current.VlanTransparent)
        {
            return;
        }

        foreach (var driver in _drivers)
        {
            if (!driver.CheckVlanTransparency(context))
            {
                Log.VlanTransparencyRefused(_logger, driver.Name, context.Current.Id);
                throw new VlanTransparencyDriverException();
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="hook"/> on every driver and logs failures instead of throwing them: the delete hooks of a
    /// compensating delete (after a create postcommit failed), which must remove the resource whatever the drivers do.
    /// A <see cref="ConcurrencyConflictException"/> from a precommit driver still goes through, so the delete re-runs.
    /// </summary>
    public ValueTask CallLoggingFailuresAsync<TContext>(MechanismHook<TContext> hook, TContext context, CancellationToken cancellationToken)
        where TContext : class =>
        CallAsync(hook.Mode == DispatchMode.CallAllThenLog ? hook : hook.WithMode(DispatchMode.CallAllThenLog), context, cancellationToken);

    /// <summary>Runs a precommit hook, then appends one journal entry per journaled driver in the context's transaction.</summary>
    private async ValueTask CallAndJournalAsync<TContext>(
        MechanismHook<TContext> hook, (JournalResourceType Type, JournalOperation Operation) journal, TContext context, CancellationToken cancellationToken)
        where TContext : class
    {
        await CallDriversAsync(hook, _drivers, context, cancellationToken).ConfigureAwait(false);
        await JournalRecorder.AppendAsync(_journaled, journal.Type, journal.Operation, context, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    private ValueTask CallDriversAsync<TContext>(MechanismHook<TContext> hook, IMechanismDriver[] drivers, TContext context, CancellationToken cancellationToken)
    {
        if (drivers.Length > 0 && Ml2Tracing.Source.HasListeners())
        {
            return CallTracedAsync(hook, drivers, context, cancellationToken);
        }

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

            return CallSlowAsync(hook, drivers, context, i, pending, failures, cancellationToken);
        }

        return failures is null ? default : Complete(hook, failures);
    }

    private async ValueTask CallSlowAsync<TContext>(
        MechanismHook<TContext> hook, IMechanismDriver[] drivers, TContext context, int index, ValueTask pending, List<MechanismDriverFailure>? failures, CancellationToken cancellationToken)
    {
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

    /// <summary>
    /// The dispatch loop when somebody traces: the same failure treatment, with one span per driver
    /// (<c>ml2.mechanism_driver.precommit</c> / <c>.postcommit</c>, tagged with the driver and the hook), a failed
    /// driver's span recording its exception. Kept apart so the untraced loop stays allocation-free.
    /// </summary>
    private async ValueTask CallTracedAsync<TContext>(MechanismHook<TContext> hook, IMechanismDriver[] drivers, TContext context, CancellationToken cancellationToken)
    {
        List<MechanismDriverFailure>? failures = null;
        for (var i = 0; i < drivers.Length; i++)
        {
            using var activity = Ml2Tracing.StartHook(hook.Name, hook.IsPrecommit, drivers[i].Name);
            try
            {
                await hook.Invoke(drivers[i], context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Ml2Tracing.Fail(activity, ex);
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
        _metrics.DriverFailed(driver.Name, hook.Name, exception);
        (failures ??= []).Add(new MechanismDriverFailure(driver.Name, exception));
        return hook.Mode != DispatchMode.StopOnFirstFailure;
    }

    private ValueTask Complete<TContext>(MechanismHook<TContext> hook, List<MechanismDriverFailure> failures)
    {
        if (hook.Mode == DispatchMode.CallAllThenLog)
        {
            if (hook.IsPrecommit)
            {
                Log.CompensationHookFailureLogged(_logger, hook.Name, failures.Count);
                return default;
            }

            Log.PostcommitFailureLogged(_logger, hook.Name, failures.Count);
            return default;
        }

        return ValueTask.FromException(new MechanismDriverException(hook.Name, failures));
    }

    /// <summary>Orders the drivers as configured (names were validated with the options), or by registration when none are listed.</summary>
    private static IMechanismDriver[] Order(IEnumerable<IMechanismDriver> drivers, IReadOnlyList<string> configured)
    {
        var registered = drivers.Distinct().ToArray();
        if (configured.Count == 0)
        {
            return registered;
        }

        var byName = registered.ToDictionary(d => d.Name, StringComparer.Ordinal);
        return [.. configured.Select(name => byName.TryGetValue(name, out var driver)
            ? driver
            : throw new InvalidOperationException($"Mechanism driver '{name}' is not registered."))];
    }
}
