using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Binding;
using Ml2.Configuration;
using Ml2.Diagnostics;
using Ml2.Ipam;
using Ml2.Journal;
using Ml2.Managers;
using Ml2.Resilience;
using Ml2.Storage;

namespace Ml2.Plugin;

/// <summary>
/// The ML2 plugin (Neutron's Ml2Plugin): validates input before touching state, runs each change in one store
/// transaction with the precommit hooks, then the postcommit hooks with Neutron's failure asymmetry, then binds ports.
/// Split by resource: Ml2Plugin.Networks.cs, .Subnets.cs, .Ports.cs, .Binding.cs.
/// </summary>
internal sealed partial class Ml2Plugin : IMl2Plugin, IDisposable
{
    private readonly IMl2Store _store;
    private readonly TypeManager _types;
    private readonly MechanismManager _mechanisms;
    private readonly ExtensionManager _extensions;
    private readonly PortBinder _binder;
    private readonly IpAllocator _ips;
    private readonly MacAddressAllocator _macs;
    private readonly JournalWorker _journal;
    private readonly TimeProvider _time;
    private readonly ILogger<Ml2Plugin> _logger;
    private readonly ConflictRetry _retry;
    private readonly Ml2Metrics _metrics;
    private readonly int _maxBindTries;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public Ml2Plugin(
        IMl2Store store,
        TypeManager types,
        MechanismManager mechanisms,
        ExtensionManager extensions,
        PortBinder binder,
        IpAllocator ips,
        MacAddressAllocator macs,
        JournalWorker journal,
        IOptions<Ml2Options> options,
        TimeProvider time,
        ILogger<Ml2Plugin> logger,
        ConflictRetry retry,
        Ml2Metrics metrics)
    {
        _store = store;
        _types = types;
        _mechanisms = mechanisms;
        _extensions = extensions;
        _binder = binder;
        _ips = ips;
        _macs = macs;
        _journal = journal;
        _time = time;
        _logger = logger;
        _retry = retry;
        _metrics = metrics;
        _maxBindTries = Math.Max(1, options.Value.MaxBindTries);
    }

    public void Dispose() => _initLock.Dispose();

    /// <summary>Initialises type drivers (pools), MAC bookkeeping, extension and mechanism drivers, then starts the journal worker, once.</summary>
    public ValueTask EnsureInitializedAsync(CancellationToken cancellationToken) =>
        _initialized ? default : InitializeOnceAsync(cancellationToken);

    private async ValueTask InitializeOnceAsync(CancellationToken cancellationToken)
    {
        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await _types.InitializeAsync(_store, cancellationToken).ConfigureAwait(false);
            await _macs.ConfigureAsync(_store, cancellationToken).ConfigureAwait(false);
            await _extensions.InitializeAsync(cancellationToken).ConfigureAwait(false);
            await _mechanisms.InitializeAsync(cancellationToken).ConfigureAwait(false);
            _journal.Start();
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it; a lost optimistic-concurrency race re-runs the
    /// whole unit of work through <see cref="ConflictRetry"/>: at most <c>MaxOperationRetries</c> times after the first
    /// attempt (1 + N attempts in all), with exponential backoff and jitter, as Neutron's DB retry decorator does
    /// (oslo.db's <c>wrap_db_retry(max_retries=MAX_RETRIES, inc_retry_interval=True, jitter=True)</c>).
    /// </summary>
    private ValueTask<T> TransactAsync<T>(string operation, Func<IMl2Transaction, ValueTask<T>> work, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(operation, static (state, ct) => state.Self.TransactOnceAsync(state.Work, ct), (Self: this, Work: work), cancellationToken);

    private async ValueTask<T> TransactOnceAsync<T>(Func<IMl2Transaction, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        var transaction = await _store.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var result = await work(transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    /// <summary>
    /// Undoes a create whose postcommit failed: runs <paramref name="delete"/> (a compensating delete, whose delete hooks
    /// cannot refuse) and logs anything it throws, so the caller gets the create's own error.
    /// </summary>
    private async ValueTask CompensateAsync(string resourceType, string id, Func<ValueTask> delete)
    {
        try
        {
            await delete().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.CompensationFailed(_logger, resourceType, id, ex);
        }
    }

    /// <summary>Calls a delete precommit hook: failures refuse the delete, except in a compensating delete, where they are logged.</summary>
    private ValueTask CallDeleteHookAsync<TContext>(MechanismHook<TContext> hook, TContext context, bool compensating, CancellationToken cancellationToken)
        where TContext : class =>
        compensating ? _mechanisms.CallLoggingFailuresAsync(hook, context, cancellationToken) : _mechanisms.CallAsync(hook, context, cancellationToken);

    private async ValueTask<T> ReadAsync<T>(Func<IMl2Transaction, ValueTask<T>> read, CancellationToken cancellationToken)
    {
        var transaction = await _store.BeginReadOnlyTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            return await read(transaction).ConfigureAwait(false);
        }
    }

    private string NewId() => Guid.CreateVersion7(_time.GetUtcNow()).ToString();

    /// <summary>Starts the telemetry of one operation (its span only when somebody listens).</summary>
    private OperationScope Begin(string operation) => new(operation, Ml2Tracing.StartOperation(operation), _metrics);
}
