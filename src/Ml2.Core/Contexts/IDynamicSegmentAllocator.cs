using Ml2.Model;

namespace Ml2.Contexts;

/// <summary>Allocates and releases dynamic segments for port binding, each in its own committed transaction.</summary>
internal interface IDynamicSegmentAllocator
{
    ValueTask<NetworkSegment> AllocateDynamicSegmentAsync(string networkId, ProviderSegment segment, CancellationToken cancellationToken);

    ValueTask ReleaseDynamicSegmentAsync(string networkId, string segmentId, CancellationToken cancellationToken);
}
