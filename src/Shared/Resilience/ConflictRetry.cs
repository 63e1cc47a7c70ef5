using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Ml2.Diagnostics;
using Ml2.Exceptions;
using Polly;
using Polly.Retry;

namespace Ml2.Resilience;

/// <summary>
/// The SDK's one retry policy for units of work that lost a concurrency race (a Polly <see cref="ResiliencePipeline"/>),
/// compiled into Ml2.Core and Lbaas.Core, each engine with its own settings (<see cref="RetrySettings"/>, from
/// <c>Ml2Options</c> or <c>LbaasOptions</c>) and counter: at most <see cref="RetrySettings.MaxRetries"/> re-runs after
/// the first attempt, exponential backoff from <see cref="RetrySettings.Delay"/> up to <see cref="RetrySettings.MaxDelay"/>
/// with jitter (<see cref="RetrySettings.Jitter"/>), delays on the injected <see cref="TimeProvider"/>. Each re-run is
/// logged, counted (<c>ml2.retries</c> or <c>lbaas.retries</c>) and added to the current span as an <c>ml2.retry</c> event.
/// </summary>
/// <remarks>
/// Only <see cref="ConcurrencyConflictException"/> is re-run (or, for <see cref="ExecuteOnStoreConflictAsync"/>, only
/// its <see cref="StoreConflictException"/> kind): a user error never is. A conflict this policy gave up on is marked,
/// so an enclosing unit that also retries conflicts lets it through instead of multiplying the attempts (Neutron's
/// <c>_RETRY_EXCEEDED</c> tag).
/// </remarks>
internal sealed partial class ConflictRetry
{
    /// <summary>The <see cref="Exception.Data"/> key marking a conflict whose retries are exhausted.</summary>
    internal const string ExhaustedKey = "Ml2.RetriesExhausted";

    /// <summary>The event id of the log line of a re-run (in the ML2 plugin's range: Ml2EventIds.OperationRetried).</summary>
    internal const int OperationRetriedEventId = 1400;

    private readonly ResiliencePipeline _anyConflict;
    private readonly ResiliencePipeline _storeConflict;
    private readonly RetryCounter _counter;
    private readonly ILogger<ConflictRetry> _logger;

    /// <summary>Creates the policy.</summary>
    /// <param name="settings">How often and how long to re-run.</param>
    /// <param name="time">The clock the delays run on.</param>
    /// <param name="counter">Counts each re-run.</param>
    /// <param name="logger">Logs each re-run.</param>
    public ConflictRetry(RetrySettings settings, TimeProvider time, RetryCounter counter, ILogger<ConflictRetry> logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(counter);
        _counter = counter;
        _logger = logger;
        MaxRetries = settings.MaxRetries;
        _anyConflict = Build(settings, time, storeOnly: false);
        _storeConflict = Build(settings, time, storeOnly: true);
    }

    /// <summary>The re-runs after the first attempt.</summary>
    public int MaxRetries { get; }

    /// <summary>Whether the retries of <paramref name="exception"/> were exhausted by some policy already.</summary>
    public static bool IsExhausted(Exception exception) => exception.Data[ExhaustedKey] is true;

    /// <summary>
    /// Runs <paramref name="work"/>, re-running it after a <see cref="ConcurrencyConflictException"/>; the last
    /// conflict surfaces when the attempts are used up.
    /// </summary>
    public ValueTask<TResult> ExecuteAsync<TState, TResult>(string operation, Func<TState, CancellationToken, ValueTask<TResult>> work, TState state, CancellationToken cancellationToken) =>
        RunAsync(_anyConflict, false, operation, work, state, cancellationToken);

    /// <summary>Runs <paramref name="work"/>, re-running it only after a <see cref="StoreConflictException"/> (the database refused a transaction).</summary>
    public ValueTask<TResult> ExecuteOnStoreConflictAsync<TState, TResult>(string operation, Func<TState, CancellationToken, ValueTask<TResult>> work, TState state, CancellationToken cancellationToken) =>
        RunAsync(_storeConflict, true, operation, work, state, cancellationToken);

    // The first attempt runs outside the pipeline: nearly every unit of work succeeds on it, and the pipeline's own
    // cost (a pooled context and its async layers, about a tenth of an in-memory create_network) is then not paid. A
    // conflict the pipeline would re-run enters it as the pipeline's first attempt (replayed, not run again), so the
    // delays, logs, counts and attempts are exactly those of a conflict met inside it.
    private static async ValueTask<TResult> RunAsync<TState, TResult>(
        ResiliencePipeline pipeline, bool storeOnly, string operation, Func<TState, CancellationToken, ValueTask<TResult>> work, TState state, CancellationToken cancellationToken)
    {
        // As inside the pipeline: a unit whose token is cancelled already is not run.
        cancellationToken.ThrowIfCancellationRequested();
        ConcurrencyConflictException first;
        try
        {
            return await work(state, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException ex) when (ShouldRetry(ex, storeOnly))
        {
            first = ex;
        }

        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            var attempts = new ReplayingAttempts<TState, TResult>(work, state, first);
            return await pipeline.ExecuteAsync(static (ctx, a) => a.RunAsync(ctx.CancellationToken), context, attempts).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException ex) when (MarkExhausted(ex, storeOnly))
        {
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // The conflicts a pipeline is for: any, or only those the database raised (StoreConflictException).
    private static bool Covers(Exception exception, bool storeOnly) =>
        storeOnly ? exception is StoreConflictException : exception is ConcurrencyConflictException;

    // Whether a conflict is re-run: the pipeline's ShouldHandle, and the test of the attempt made before the pipeline.
    private static bool ShouldRetry(Exception exception, bool storeOnly) => Covers(exception, storeOnly) && !IsExhausted(exception);

    /// <summary>Marks a conflict this pipeline would have re-run as exhausted; an exception filter, so it returns false.</summary>
    private static bool MarkExhausted(ConcurrencyConflictException exception, bool storeOnly)
    {
        if (Covers(exception, storeOnly))
        {
            exception.Data[ExhaustedKey] = true;
        }

        return false;
    }

    private ResiliencePipeline Build(RetrySettings settings, TimeProvider time, bool storeOnly) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && ShouldRetry(ex, storeOnly)),
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = settings.Jitter,
                Delay = settings.Delay,
                MaxDelay = settings.MaxDelay,
                OnRetry = args =>
                {
                    OnRetry(args.Context.OperationKey ?? "", args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception!);
                    return default;
                },
            })
            .Build();

    private void OnRetry(string operation, int attempt, TimeSpan delay, Exception exception)
    {
        Log.OperationRetried(_logger, operation, attempt, delay, exception.Message);
        _counter.Add(operation, exception);
        if (Activity.Current is { } activity)
        {
            activity.AddEvent(new ActivityEvent(Ml2Tracing.RetryEvent, tags: new ActivityTagsCollection
            {
                { Ml2Attributes.Operation, operation },
                { Ml2Attributes.RetryAttempt, attempt },
                { Ml2Attributes.RetryDelay, delay.TotalSeconds },
                { Ml2Attributes.ErrorType, Ml2Tracing.ErrorTypeOf(exception) },
                { Ml2Attributes.RetryReason, Ml2Tracing.RetryReasonOf(exception) },
            }));
        }
    }

    // The attempts inside the pipeline (one at a time): the first replays the conflict already met outside it, the
    // next run the work.
    private sealed class ReplayingAttempts<TState, TResult>(Func<TState, CancellationToken, ValueTask<TResult>> work, TState state, Exception first)
    {
        private Exception? _first = first;

        public async ValueTask<TResult> RunAsync(CancellationToken cancellationToken)
        {
            if (_first is { } conflict)
            {
                _first = null;
                ExceptionDispatchInfo.Throw(conflict);
            }

            return await work(state, cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = OperationRetriedEventId, EventName = nameof(OperationRetried), Level = LogLevel.Debug,
            Message = "Retrying {Operation} after attempt {Attempt} lost a concurrent update, in {Delay}: {Reason}")]
        public static partial void OperationRetried(ILogger logger, string operation, int attempt, TimeSpan delay, string reason);
    }
}
