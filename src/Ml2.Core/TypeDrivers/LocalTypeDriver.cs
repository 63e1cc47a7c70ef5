using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.TypeDrivers;

/// <summary>
/// The <c>local</c> type: a network confined to one host, with neither physical network nor segmentation id. Nothing to
/// allocate; every tenant allocation succeeds.
/// </summary>
internal sealed class LocalTypeDriver : ITypeDriver
{
    /// <summary>Creates the driver (it has no options; the signature matches the other built-in drivers for DI).</summary>
    /// <param name="options">The ML2 options.</param>
    public LocalTypeDriver(IOptions<Ml2Options> options) => ArgumentNullException.ThrowIfNull(options);

    public string NetworkType => NetworkTypes.Local;

    public void ValidateProviderSegment(ProviderSegment segment)
    {
        if (ProviderAttributes.PhysicalNetworkOf(segment) is { } physnet)
        {
            throw new InvalidInputException(ProviderAttributes.PhysicalNetwork, physnet, "physical_network prohibited for local provider network");
        }

        if (segment.SegmentationId is { } id)
        {
            throw new InvalidInputException(ProviderAttributes.SegmentationId, id, "segmentation_id prohibited for local provider network");
        }
    }

    public bool IsPartialSegment(ProviderSegment segment) => false;

    public ValueTask<ProviderSegment> ReserveProviderSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return ValueTask.FromResult(segment);
    }

    public ValueTask<ProviderSegment?> AllocateTenantSegmentAsync(IMl2Transaction transaction, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ProviderSegment?>(new ProviderSegment(NetworkTypes.Local));

    public ValueTask ReleaseSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken) => default;

    public int GetMtu(string? physicalNetwork) => 0;
}
