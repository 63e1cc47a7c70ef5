using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Contexts;

/// <summary>The plugin's network context.</summary>
internal sealed class Ml2NetworkContext(Network current, Network? original, CallerContext caller, IMl2Transaction? transaction) : NetworkContext
{
    private IReadOnlyList<NetworkSegment>? _staticSegments;

    public override Network Current { get; } = current;

    public override Network? Original { get; } = original;

    public override IReadOnlyList<NetworkSegment> NetworkSegments => _staticSegments ??= StaticSegments(Current.Segments);

    public override IMl2Transaction? Transaction => transaction;

    public override CallerContext Caller { get; } = caller;

    /// <summary>Ends the precommit phase: postcommit hooks see no transaction.</summary>
    public Ml2NetworkContext WithoutTransaction() => transaction is null ? this : new(Current, Original, Caller, null);

    internal static IReadOnlyList<NetworkSegment> StaticSegments(IReadOnlyList<NetworkSegment> segments)
    {
        foreach (var segment in segments)
        {
            if (segment.IsDynamic)
            {
                return [.. segments.Where(s => !s.IsDynamic)];
            }
        }

        return segments;
    }
}
