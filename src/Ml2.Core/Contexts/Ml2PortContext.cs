using System.Text.Json;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Contexts;

/// <summary>
/// The plugin's port context. In a hook it is a read-only view; during binding it also carries the binding being
/// built (levels, the segment a driver bound, the segments it asked the next level to bind, vif type and details),
/// all on a copy of the port.
/// </summary>
internal sealed class Ml2PortContext : PortContext
{
    private readonly IMl2Transaction? _transaction;
    private readonly IDynamicSegmentAllocator? _segments;
    private List<PortBindingLevel>? _bindingLevels;
    private List<NetworkSegment>? _dynamicSegments;
    private IReadOnlyList<NetworkSegment>? _segmentsToBind;

    public Ml2PortContext(Port current, Port? original, NetworkContext network, CallerContext caller, IMl2Transaction? transaction, IDynamicSegmentAllocator? segments = null)
    {
        Current = current;
        Original = original;
        Network = network;
        Caller = caller;
        _transaction = transaction;
        _segments = segments;
    }

    public override Port Current { get; }

    public override Port? Original { get; }

    public override NetworkContext Network { get; }

    public override IMl2Transaction? Transaction => _transaction;

    public override CallerContext Caller { get; }

    public override IReadOnlyList<NetworkSegment>? SegmentsToBind => _segmentsToBind;

    public override IReadOnlyList<PortBindingLevel> BindingLevels => (IReadOnlyList<PortBindingLevel>?)_bindingLevels ?? Current.Binding.Levels;

    /// <summary>During binding: the segment the last driver bound, or null.</summary>
    public string? NewBoundSegmentId { get; private set; }

    /// <summary>During binding: the segments the last driver asked the next level to bind, or null (complete binding).</summary>
    public IReadOnlyList<NetworkSegment>? NextSegmentsToBind { get; private set; }

    /// <summary>During binding: the vif type set by the bottom driver.</summary>
    public string? BoundVifType { get; private set; }

    /// <summary>During binding: the vif details set by the bottom driver.</summary>
    public IReadOnlyDictionary<string, JsonElement>? BoundVifDetails { get; private set; }

    /// <summary>During binding: the status the bottom driver asked for, or null.</summary>
    public string? BoundStatus { get; private set; }

    /// <summary>The binding levels built so far.</summary>
    public IReadOnlyList<PortBindingLevel> BuiltLevels => (IReadOnlyList<PortBindingLevel>?)_bindingLevels ?? [];

    public Ml2PortContext WithoutTransaction() => _transaction is null ? this : new(Current, Original, Network, Caller, null, _segments);

    public override void SetBinding(string segmentId, string vifType, IReadOnlyDictionary<string, JsonElement>? vifDetails, string? status = null)
    {
        ThrowIfNotBinding();
        ArgumentException.ThrowIfNullOrEmpty(vifType);
        NewBoundSegmentId = segmentId;
        NextSegmentsToBind = null;
        BoundVifType = vifType;
        BoundVifDetails = vifDetails ?? ExtensionAttributes.Empty;
        BoundStatus = status;
    }

    public override void ContinueBinding(string segmentId, IReadOnlyList<NetworkSegment> nextSegmentsToBind)
    {
        ThrowIfNotBinding();
        ArgumentNullException.ThrowIfNull(nextSegmentsToBind);
        NewBoundSegmentId = segmentId;
        NextSegmentsToBind = nextSegmentsToBind;
    }

    public override async ValueTask<NetworkSegment> AllocateDynamicSegmentAsync(ProviderSegment segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ThrowIfNoSegmentAccess();

        var allocated = await _segments!.AllocateDynamicSegmentAsync(Current.NetworkId, segment, cancellationToken).ConfigureAwait(false);
        (_dynamicSegments ??= []).Add(allocated);
        return allocated;
    }

    public override ValueTask ReleaseDynamicSegmentAsync(string segmentId, CancellationToken cancellationToken = default)
    {
        ThrowIfNoSegmentAccess();
        return _segments!.ReleaseDynamicSegmentAsync(Current.NetworkId, segmentId, cancellationToken);
    }

    /// <summary>Starts a driver's attempt at one level.</summary>
    public void PrepareToBind(IReadOnlyList<NetworkSegment> segmentsToBind)
    {
        _segmentsToBind = segmentsToBind;
        _bindingLevels ??= [];
        NewBoundSegmentId = null;
        NextSegmentsToBind = null;
    }

    public void PushLevel(PortBindingLevel level) => (_bindingLevels ??= []).Add(level);

    public void PopLevel()
    {
        if (_bindingLevels is { Count: > 0 })
        {
            _bindingLevels.RemoveAt(_bindingLevels.Count - 1);
        }

        BoundVifType = null;
        BoundVifDetails = null;
        BoundStatus = null;
    }

    /// <summary>Ends binding: drivers no longer see segments to bind.</summary>
    public void FinishBinding() => _segmentsToBind = null;

    protected override NetworkSegment? FindSegment(string? segmentId)
    {
        if (segmentId is null)
        {
            return null;
        }

        foreach (var segment in Network.Current.Segments)
        {
            if (segment.Id == segmentId)
            {
                return segment;
            }
        }

        return _dynamicSegments?.FirstOrDefault(s => s.Id == segmentId);
    }

    private void ThrowIfNoSegmentAccess()
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("Dynamic segments cannot be allocated or released in a precommit hook; use BindPortAsync or a postcommit hook.");
        }

        if (_segments is null)
        {
            throw new InvalidOperationException("This port context cannot allocate or release dynamic segments.");
        }
    }

    private void ThrowIfNotBinding()
    {
        if (_segmentsToBind is null)
        {
            throw new InvalidOperationException("SetBinding and ContinueBinding may only be called from BindPortAsync.");
        }
    }
}
