using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.TypeDrivers;

/// <summary>
/// Shared behaviour of the tunnel types (<c>vxlan</c>, <c>gre</c>, <c>geneve</c>): no physical network, one pool named
/// after the type whose ranges come from the type's range option. Provider segmentation ids are range-checked
/// (stricter than Neutron, which accepts e.g. VNI 0).
/// </summary>
internal abstract class TunnelTypeDriver : ITypeDriver
{
    private readonly Lazy<IReadOnlyList<IdRange>> _ranges;
    private readonly long _minId;
    private readonly long _maxId;
    private readonly ILogger _logger;

    /// <summary>Creates the driver; its options are read on first use.</summary>
    /// <param name="options">The ML2 options.</param>
    /// <param name="networkType">vxlan, gre or geneve.</param>
    /// <param name="rangesKey">The configuration key of the range option, for error messages.</param>
    /// <param name="rangeEntries">Reads the range option.</param>
    /// <param name="logger">The logger (none when null).</param>
    protected TunnelTypeDriver(IOptions<Ml2Options> options, string networkType, string rangesKey, Func<Ml2Options, IEnumerable<string>?> rangeEntries, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rangeEntries);
        Options = options;
        NetworkType = networkType;
        (_minId, _maxId) = SegmentIdLimits.ForTunnel(networkType);
        _ranges = new Lazy<IReadOnlyList<IdRange>>(() => TypeDriverOptionsValidation.ValueOrThrow(
            rangesKey, SegmentRangeParser.ParseTunnelRanges(rangeEntries(options.Value), networkType)));
    }

    public string NetworkType { get; }

    /// <summary>The configured ranges, normalised.</summary>
    public IReadOnlyList<IdRange> Ranges => _ranges.Value;

    /// <summary>The ML2 options.</summary>
    protected IOptions<Ml2Options> Options { get; }

    /// <summary>The type's encapsulation overhead in bytes, on top of the outer IP header.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The overhead.</returns>
    protected abstract int EncapOverhead(Ml2Options options);

    public async ValueTask InitializeAsync(IMl2Store store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var transaction = await store.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // Configured even without ranges, so ids of provider networks stay recorded and tenant allocation finds none.
            await transaction.Pools.ConfigurePoolAsync(NetworkType, Ranges, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void ValidateProviderSegment(ProviderSegment segment)
    {
        if (ProviderAttributes.PhysicalNetworkOf(segment) is { } physnet)
        {
            throw new InvalidInputException(ProviderAttributes.PhysicalNetwork, physnet, $"provider:physical_network specified for {NetworkType} network");
        }

        if (segment.SegmentationId is { } id && (id < _minId || id > _maxId))
        {
            throw new InvalidInputException(ProviderAttributes.SegmentationId, id,
                string.Create(CultureInfo.InvariantCulture, $"segmentation_id out of range ({_minId} through {_maxId})"));
        }
    }

    public bool IsPartialSegment(ProviderSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return segment.SegmentationId is null;
    }

    public async ValueTask<ProviderSegment> ReserveProviderSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.SegmentationId is { } id)
        {
            if (!await transaction.Pools.TryReserveAsync(NetworkType, id, cancellationToken).ConfigureAwait(false))
            {
                throw new SegmentInUseException(NetworkType, null, id);
            }

            return new ProviderSegment(NetworkType, null, id);
        }

        return await AllocateTenantSegmentAsync(transaction, cancellationToken).ConfigureAwait(false)
            ?? throw new NoNetworkAvailableException();
    }

    public async ValueTask<ProviderSegment?> AllocateTenantSegmentAsync(IMl2Transaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var id = await transaction.Pools.AllocateRandomAsync(NetworkType, cancellationToken).ConfigureAwait(false);
        return id is { } allocated ? new ProviderSegment(NetworkType, null, allocated) : null;
    }

    public async ValueTask ReleaseSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.SegmentationId is { } id)
        {
            // The store frees an id inside the ranges and forgets one outside them.
            if (!await transaction.Pools.ReleaseAsync(NetworkType, id, cancellationToken).ConfigureAwait(false))
            {
                TypeDriverLog.ReleasedSegmentUnknown(_logger, NetworkType, null, id);
            }
        }
    }

    public int GetMtu(string? physicalNetwork)
    {
        var options = Options.Value;
        return MtuRules.TunnelMtu(options.GlobalPhysnetMtu, options.PathMtu, options.OverlayIpVersion, EncapOverhead(options));
    }
}
