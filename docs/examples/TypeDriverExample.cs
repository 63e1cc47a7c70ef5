using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Docs.Examples;

/// <summary>A type driver for an overlay type "stt": ids 1-4095 from one pool kept in the store.</summary>
public sealed class SttTypeDriver : ITypeDriver
{
    public string NetworkType => "stt";

    public async ValueTask InitializeAsync(IMl2Store store, CancellationToken cancellationToken)
    {
        await using var transaction = await store.BeginTransactionAsync(cancellationToken);
        await transaction.Pools.ConfigurePoolAsync(NetworkType, [new IdRange(1, 4095)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public void ValidateProviderSegment(ProviderSegment segment)
    {
        if (segment.PhysicalNetwork is { } physnet)
        {
            throw new InvalidInputException("provider:physical_network", physnet, $"provider:physical_network specified for {NetworkType} network");
        }
    }

    public bool IsPartialSegment(ProviderSegment segment) => segment.SegmentationId is null;

    public async ValueTask<ProviderSegment> ReserveProviderSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken) =>
        segment.SegmentationId is not { } id
            ? await AllocateTenantSegmentAsync(transaction, cancellationToken) ?? throw new NoNetworkAvailableException()
            : await transaction.Pools.TryReserveAsync(NetworkType, id, cancellationToken) ? segment : throw new SegmentInUseException(NetworkType, null, id);

    public async ValueTask<ProviderSegment?> AllocateTenantSegmentAsync(IMl2Transaction transaction, CancellationToken cancellationToken) =>
        await transaction.Pools.AllocateRandomAsync(NetworkType, cancellationToken) is { } id ? new ProviderSegment(NetworkType, null, id) : null;

    public async ValueTask ReleaseSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken)
    {
        if (segment.SegmentationId is { } id)
        {
            await transaction.Pools.ReleaseAsync(NetworkType, id, cancellationToken);
        }
    }

    public int GetMtu(string? physicalNetwork) => 1500 - 80;   // the encapsulation's overhead
}
