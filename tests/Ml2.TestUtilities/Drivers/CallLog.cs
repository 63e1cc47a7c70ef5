using System.Collections.Concurrent;

namespace Ml2.TestUtilities;

/// <summary>The hook calls of every recording driver, in call order ("driver:hook").</summary>
public sealed class CallLog
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    public void Add(string driver, string hook) => _calls.Enqueue($"{driver}:{hook}");

    public IReadOnlyList<string> For(string hookSuffix) => [.. _calls.Where(c => c.EndsWith(":" + hookSuffix, StringComparison.Ordinal))];

    public void Clear() => _calls.Clear();
}
