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
/// The <c>flat</c> type: an untagged network on a physical network, at most one per physical network. The physical
/// network is "in use" while id 0 is reserved in pool <c>flat:{physnet}</c> (a pool without ranges). No tenant
/// allocation.
/// </summary>
internal sealed class FlatTypeDriver : ITypeDriver
{
    // Flat networks hold this id in their physical network's pool.
    private const long FlatId = 0;

    private readonly IOptions<Ml2Options> _options;
    private readonly ILogger _logger;

    // Parsed on first use: the driver may be constructed while the options themselves are being validated.
    private readonly Lazy<FlatNetworkPolicy> _policy;
    private readonly Lazy<IReadOnlyDictionary<string, int>> _physnetMtus;

    /// <summary>Creates the driver; <c>[ml2_type_flat] flat_networks</c> is read on first use.</summary>
    /// <param name="options">The ML2 options.</param>
    public FlatTypeDriver(IOptions<Ml2Options> options)
        : this(options, null)
    {
    }

    /// <summary>Creates the driver; <c>[ml2_type_flat] flat_networks</c> is read on first use.</summary>
    /// <param name="options">The ML2 options.</param>
    /// <param name="logger">The logger (none when null).</param>
    public FlatTypeDriver(IOptions<Ml2Options> options, ILogger<FlatTypeDriver>? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _policy = new Lazy<FlatNetworkPolicy>(() => FlatNetworkPolicy.Parse(_options.Value.Flat?.FlatNetworks));
        _physnetMtus = new Lazy<IReadOnlyDictionary<string, int>>(() => TypeDriverOptionsValidation.ValueOrThrow(
            TypeDriverOptionsValidation.PhysicalNetworkMtusKey, MtuRules.ParsePhysicalNetworkMtus(_options.Value.PhysicalNetworkMtus)));
    }

    public string NetworkType => NetworkTypes.Flat;

    public void ValidateProviderSegment(ProviderSegment segment)
    {
        var physnet = ProviderAttributes.PhysicalNetworkOf(segment);
        if (physnet is null)
        {
            throw new InvalidInputException(ProviderAttributes.PhysicalNetwork, null, "physical_network required for flat provider network");
        }

        var policy = _policy.Value;
        if (policy.Disabled)
        {
            throw new InvalidInputException(ProviderAttributes.NetworkType, NetworkTypes.Flat, "Flat provider networks are disabled");
        }

        if (!policy.Allows(physnet))
        {
            throw new InvalidInputException(ProviderAttributes.PhysicalNetwork, physnet, $"physical_network '{ErrorText.Quote(physnet)}' unknown for flat provider network");
        }

        if (segment.SegmentationId is { } id)
        {
            throw new InvalidInputException(ProviderAttributes.SegmentationId, id, "segmentation_id prohibited for flat provider network");
        }
    }

    public bool IsPartialSegment(ProviderSegment segment) => false;

    public async ValueTask<ProviderSegment> ReserveProviderSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var physnet = ProviderAttributes.PhysicalNetworkOf(segment)
            ?? throw new InvalidInputException(ProviderAttributes.PhysicalNetwork, null, "physical_network required for flat provider network");
        if (!await transaction.Pools.TryReserveAsync(SegmentPoolNames.Flat(physnet), FlatId, cancellationToken).ConfigureAwait(false))
        {
            throw new SegmentInUseException(NetworkTypes.Flat, physnet, null);
        }

        return new ProviderSegment(NetworkTypes.Flat, physnet);
    }

    public ValueTask<ProviderSegment?> AllocateTenantSegmentAsync(IMl2Transaction transaction, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ProviderSegment?>(null);

    public async ValueTask ReleaseSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (ProviderAttributes.PhysicalNetworkOf(segment) is { } physnet)
        {
            if (!await transaction.Pools.ReleaseAsync(SegmentPoolNames.Flat(physnet), FlatId, cancellationToken).ConfigureAwait(false))
            {
                TypeDriverLog.ReleasedSegmentUnknown(_logger, NetworkTypes.Flat, physnet, null);
            }
        }
    }

    public int GetMtu(string? physicalNetwork) =>
        MtuRules.PhysicalNetworkMtu(_options.Value.GlobalPhysnetMtu, _physnetMtus.Value, physicalNetwork);
}
