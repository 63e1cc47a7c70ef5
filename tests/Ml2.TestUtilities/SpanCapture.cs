using System.Collections;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Ml2.TestUtilities;

/// <summary>
/// Exports the spans of one trace with OpenTelemetry's in-memory exporter: <see cref="StartRoot"/> opens a root span
/// under a name unique to this capture; it and every span of its trace are sampled, the spans of tests running in
/// parallel are dropped.
/// </summary>
public sealed class SpanCapture : IDisposable
{
    private static readonly ActivitySource s_tests = new("Ml2.Tests.SpanCapture");
    private readonly LockedCollection _exported = new();
    private readonly TracerProvider _provider;
    private readonly string _rootName = "test-root-" + Guid.NewGuid().ToString("N");
    private Activity? _root;

    public SpanCapture(params string[] sources)
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource([s_tests.Name, .. sources])
            .SetSampler(new OneTraceSampler(this))
            .AddInMemoryExporter(_exported)
            .Build()!;
    }

    /// <summary>Starts the root span; the code under test runs inside it.</summary>
    public Activity StartRoot() => _root = s_tests.StartActivity(_rootName) ?? throw new InvalidOperationException("The root span was not sampled.");

    /// <summary>Stops the root and returns every exported span of its trace (the root included), in stop order.</summary>
    public IReadOnlyList<Activity> Stop()
    {
        var root = _root ?? throw new InvalidOperationException("No root span.");
        root.Stop();
        _provider.ForceFlush();
        return [.. _exported.Snapshot().Where(a => a.TraceId == root.TraceId)];
    }

    public void Dispose() => _provider.Dispose();

    private sealed class OneTraceSampler(SpanCapture owner) : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            samplingParameters.Name == owner._rootName || (owner._root is { } root && samplingParameters.TraceId == root.TraceId)
                ? new SamplingResult(SamplingDecision.RecordAndSample)
                : new SamplingResult(SamplingDecision.Drop);
    }

    /// <summary>A thread-safe collection for the exporter (spans stop on several threads).</summary>
    private sealed class LockedCollection : ICollection<Activity>
    {
        private readonly List<Activity> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public Activity[] Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(Activity item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(Activity item)
        {
            lock (_items)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (_items)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
