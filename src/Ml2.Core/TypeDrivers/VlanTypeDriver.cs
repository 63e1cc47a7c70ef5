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
/// The <c>vlan</c> type: 802.1Q tags 1..4094 per physical network, kept in pools <c>vlan:{physnet}</c> whose ranges
/// come from <c>[ml2_type_vlan] network_vlan_ranges</c>. Provider networks may use any physical network listed there
/// (with or without ranges) and any tag, inside the ranges or not; tenant networks take a random free tag from the
/// physical networks' ranges, physical networks tried in configured order. At start, a physical network no longer
/// listed keeps no free tags (its pool's ranges become empty); its tags in use stay in use until released, and a
/// release then forgets them.
/// </summary>
internal sealed class VlanTypeDriver : ITypeDriver
{
    private readonly IOptions<Ml2Options> _options;
    private readonly ILogger _logger;

    // Parsed on first use: the driver may be constructed while the options themselves are being validated.
    private readonly Lazy<IReadOnlyList<PhysicalNetworkRanges>> _ranges;
    private readonly Lazy<IReadOnlyDictionary<string, int>> _physnetMtus;

    /// <summary>Creates the driver; its options are read on first use.</summary>
    /// <param name="options">The ML2 options.</param>
    public VlanTypeDriver(IOptions<Ml2Options> options)
        : this(options, null)
    {
    }

    /// <summary>Creates the driver; its options are read on first use.</summary>
    /// <param name="options">The ML2 options.</param>
    /// <param name="logger">The logger (none when null).</param>
    public VlanTypeDriver(IOptions<Ml2Options> options, ILogger<VlanTypeDriver>? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _ranges = new Lazy<IReadOnlyList<PhysicalNetworkRanges>>(() => TypeDriverOptionsValidation.ValueOrThrow(
            TypeDriverOptionsValidation.NetworkVlanRangesKey, SegmentRangeParser.ParseNetworkVlanRanges(_options.Value.Vlan?.NetworkVlanRanges)));
        _physnetMtus = new Lazy<IReadOnlyDictionary<string, int>>(() => TypeDriverOptionsValidation.ValueOrThrow(
            TypeDriverOptionsValidation.PhysicalNetworkMtusKey, MtuRules.ParsePhysicalNetworkMtus(_options.Value.PhysicalNetworkMtus)));
    }

    public string NetworkType => NetworkTypes.Vlan;

    /// <summary>The configured physical networks and their ranges, in configured order.</summary>
    public IReadOnlyList<PhysicalNetworkRanges> PhysicalNetworks => _ranges.Value;

    public async ValueTask InitializeAsync(IMl2Store store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var transaction = await store.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var physnet in PhysicalNetworks)
            {
                await transaction.Pools.ConfigurePoolAsync(SegmentPoolNames.Vlan(physnet.PhysicalNetwork), physnet.Ranges, cancellationToken)
                    .ConfigureAwait(false);
            }

            // Physical networks dropped from network_vlan_ranges (Neutron's _sync_vlan_allocations): no free tags left.
            var configured = new HashSet<string>(PhysicalNetworks.Select(p => SegmentPoolNames.Vlan(p.PhysicalNetwork)), StringComparer.Ordinal);
            foreach (var pool in await transaction.Pools.ListPoolsAsync(SegmentPoolNames.VlanPrefix, cancellationToken).ConfigureAwait(false))
            {
                if (!configured.Contains(pool))
                {
                    await transaction.Pools.ConfigurePoolAsync(pool, [], cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void ValidateProviderSegment(ProviderSegment segment)
    {
        var physnet = ProviderAttributes.PhysicalNetworkOf(segment);
        var id = segment.SegmentationId;
        if (physnet is not null)
        {
            if (!IsConfigured(physnet))
            {
                throw new InvalidInputException(ProviderAttributes.PhysicalNetwork, physnet, $"physical_network '{ErrorText.Quote(physnet)}' unknown for VLAN provider network");
            }

            if (id is { } tag && tag is < SegmentIdLimits.MinVlanTag or > SegmentIdLimits.MaxVlanTag)
            {
                throw new InvalidInputException(ProviderAttributes.SegmentationId, tag, "segmentation_id out of range (1 through 4094)");
            }
        }
        else if (id is not null)
        {
            throw new InvalidInputException(ProviderAttributes.PhysicalNetwork, null, "segmentation_id requires physical_network for VLAN provider network");
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
        var physnet = ProviderAttributes.PhysicalNetworkOf(segment);
        if (segment.SegmentationId is { } id)
        {
            if (physnet is null)
            {
                throw new InvalidInputException(ProviderAttributes.PhysicalNetwork, null, "segmentation_id requires physical_network for VLAN provider network");
            }

            if (!await transaction.Pools.TryReserveAsync(SegmentPoolNames.Vlan(physnet), id, cancellationToken).ConfigureAwait(false))
            {
                throw new SegmentInUseException(NetworkTypes.Vlan, physnet, id);
            }

            return new ProviderSegment(NetworkTypes.Vlan, physnet, id);
        }

        var allocated = physnet is null
            ? await AllocateInOrderAsync(transaction, cancellationToken).ConfigureAwait(false)
            : await AllocateAsync(transaction, physnet, cancellationToken).ConfigureAwait(false);
        return allocated ?? throw new NoNetworkAvailableException();
    }

    public ValueTask<ProviderSegment?> AllocateTenantSegmentAsync(IMl2Transaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return AllocateInOrderAsync(transaction, cancellationToken);
    }

    public async ValueTask ReleaseSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (ProviderAttributes.PhysicalNetworkOf(segment) is { } physnet && segment.SegmentationId is { } id)
        {
            // The store frees an id inside the ranges and forgets one outside them.
            if (!await transaction.Pools.ReleaseAsync(SegmentPoolNames.Vlan(physnet), id, cancellationToken).ConfigureAwait(false))
            {
                TypeDriverLog.ReleasedSegmentUnknown(_logger, NetworkTypes.Vlan, physnet, id);
            }
        }
    }

    public int GetMtu(string? physicalNetwork) =>
        MtuRules.PhysicalNetworkMtu(_options.Value.GlobalPhysnetMtu, _physnetMtus.Value, physicalNetwork);

    private bool IsConfigured(string physnet)
    {
        foreach (var configured in PhysicalNetworks)
        {
            if (string.Equals(configured.PhysicalNetwork, physnet, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Physical networks in configured order; the first with a free tag wins.
    private async ValueTask<ProviderSegment?> AllocateInOrderAsync(IMl2Transaction transaction, CancellationToken cancellationToken)
    {
        foreach (var physnet in PhysicalNetworks)
        {
            var segment = await AllocateAsync(transaction, physnet.PhysicalNetwork, cancellationToken).ConfigureAwait(false);
            if (segment is not null)
            {
                return segment;
            }
        }

        return null;
    }

    private static async ValueTask<ProviderSegment?> AllocateAsync(IMl2Transaction transaction, string physnet, CancellationToken cancellationToken)
    {
        var id = await transaction.Pools.AllocateRandomAsync(SegmentPoolNames.Vlan(physnet), cancellationToken).ConfigureAwait(false);
        return id is { } tag ? new ProviderSegment(NetworkTypes.Vlan, physnet, tag) : null;
    }
}
