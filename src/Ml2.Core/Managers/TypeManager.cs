using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Diagnostics;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Managers;

/// <summary>
/// Dispatches to the type drivers (Neutron's TypeManager): validates provider segments, reserves them or allocates
/// tenant segments (tenant network types in configured order), releases them, and computes network MTUs.
/// </summary>
internal sealed partial class TypeManager
{
    private readonly Dictionary<string, ITypeDriver> _drivers;
    private readonly IReadOnlyList<string> _tenantNetworkTypes;
    private readonly string? _externalNetworkType;
    private readonly int _globalPhysnetMtu;
    private readonly ILogger<TypeManager> _logger;
    private readonly Ml2Metrics _metrics;

    public TypeManager(IEnumerable<ITypeDriver> drivers, IOptions<Ml2Options> options, ILogger<TypeManager> logger, Ml2Metrics? metrics = null)
    {
        var value = options.Value;
        _logger = logger;
        _metrics = metrics ?? new Ml2Metrics();
        var enabled = new HashSet<string>(value.EffectiveTypeDrivers(), StringComparer.Ordinal);
        _drivers = new Dictionary<string, ITypeDriver>(StringComparer.Ordinal);
        // A host's own driver for a type replaces the built-in one; two drivers of the same origin for one type is an error, the first wins.
        foreach (var driver in drivers.Where(d => enabled.Contains(d.NetworkType)).OrderBy(IsBuiltIn))
        {
            if (!_drivers.TryAdd(driver.NetworkType, driver) && IsBuiltIn(driver) == IsBuiltIn(_drivers[driver.NetworkType]))
            {
                Log.DuplicateTypeDriver(_logger, driver.NetworkType, driver.GetType().Name);
            }
        }

        _tenantNetworkTypes = value.EffectiveTenantNetworkTypes();
        _externalNetworkType = value.ExternalNetworkType;
        _globalPhysnetMtu = value.GlobalPhysnetMtu;
    }

    /// <summary>The loaded drivers by network type.</summary>
    public IReadOnlyDictionary<string, ITypeDriver> Drivers => _drivers;

    public async ValueTask InitializeAsync(IMl2Store store, CancellationToken cancellationToken)
    {
        foreach (var driver in _drivers.Values)
        {
            await driver.InitializeAsync(store, cancellationToken).ConfigureAwait(false);
            Log.TypeDriverInitialized(_logger, driver.NetworkType);
        }
    }

    /// <summary>Validates a requested segment: type present and supported, then the driver's own rules.</summary>
    public void ValidateProviderSegment(ProviderSegment segment)
    {
        if (string.IsNullOrEmpty(segment.NetworkType))
        {
            throw new InvalidInputException("provider:network_type", segment.NetworkType, "network_type required");
        }

        GetDriver(segment.NetworkType).ValidateProviderSegment(segment);
    }

    /// <summary>Whether a validated segment is partial.</summary>
    public bool IsPartialSegment(ProviderSegment segment) => GetDriver(segment.NetworkType!).IsPartialSegment(segment);

    /// <summary>
    /// Reserves the requested segments in order, or allocates one tenant segment when none are requested. A network
    /// holds at most one segment per network type and physical network (Neutron's unique key on network segments):
    /// a second one - e.g. two identical partial VLAN segments, which pass the duplicate check - is refused with 409
    /// <c>NeutronDbObjectDuplicateEntry</c> when it is added, after its reservation, as Neutron refuses its row.
    /// </summary>
    public async ValueTask<IReadOnlyList<ProviderSegment>> ReserveNetworkSegmentsAsync(
        IMl2Transaction transaction, string networkId, IReadOnlyList<ProviderSegment> requested, bool external, CancellationToken cancellationToken)
    {
        if (requested.Count > 0)
        {
            var reserved = new ProviderSegment[requested.Count];
            for (var i = 0; i < requested.Count; i++)
            {
                reserved[i] = await ReserveProviderSegmentAsync(transaction, requested[i], cancellationToken).ConfigureAwait(false);
                SegmentKey.ThrowIfDuplicate(networkId, reserved.AsSpan(0, i), reserved[i]);
            }

            return reserved;
        }

        if (external && _externalNetworkType is { } externalType)
        {
            var segment = await GetDriver(externalType).AllocateTenantSegmentAsync(transaction, cancellationToken).ConfigureAwait(false)
                ?? throw new NoNetworkAvailableException();
            _metrics.SegmentAllocated(segment.NetworkType);
            return [segment];
        }

        foreach (var type in _tenantNetworkTypes)
        {
            var segment = await GetDriver(type).AllocateTenantSegmentAsync(transaction, cancellationToken).ConfigureAwait(false);
            if (segment is not null)
            {
                _metrics.SegmentAllocated(segment.NetworkType);
                return [segment];
            }
        }

        throw new NoNetworkAvailableException();
    }

    /// <summary>Reserves one validated provider segment.</summary>
    public async ValueTask<ProviderSegment> ReserveProviderSegmentAsync(
        IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken)
    {
        var reserved = await GetDriver(segment.NetworkType!).ReserveProviderSegmentAsync(transaction, segment, cancellationToken).ConfigureAwait(false);
        _metrics.SegmentAllocated(reserved.NetworkType);
        return reserved;
    }

    /// <summary>Releases a segment; a segment whose type has no driver is logged, not raised (as Neutron does).</summary>
    public async ValueTask ReleaseSegmentAsync(IMl2Transaction transaction, NetworkSegment segment, CancellationToken cancellationToken)
    {
        if (!_drivers.TryGetValue(segment.NetworkType, out var driver))
        {
            Log.ReleaseWithoutDriver(_logger, segment.Id, segment.NetworkType);
            return;
        }

        await driver.ReleaseSegmentAsync(transaction, segment.ToProviderSegment(), cancellationToken).ConfigureAwait(false);
        _metrics.SegmentReleased(segment.NetworkType);
    }

    /// <summary>The MTU a type driver reports for a segment (0 when unknown).</summary>
    public int GetSegmentMtu(ProviderSegment segment) =>
        segment.NetworkType is { } type && _drivers.TryGetValue(type, out var driver) ? driver.GetMtu(segment.PhysicalNetwork) : 0;

    /// <summary>The largest MTU a network with these segments supports: the minimum non-zero segment MTU, else global_physnet_mtu.</summary>
    public int GetNetworkMaxMtu(IEnumerable<NetworkSegment> segments)
    {
        var min = int.MaxValue;
        foreach (var segment in segments)
        {
            if (segment.Mtu > 0 && segment.Mtu < min)
            {
                min = segment.Mtu;
            }
        }

        return min == int.MaxValue ? _globalPhysnetMtu : min;
    }

    /// <summary>Whether the driver is one of Ml2.Core's built-ins.</summary>
    private static bool IsBuiltIn(ITypeDriver driver) => driver.GetType().Assembly == typeof(TypeManager).Assembly;

    private ITypeDriver GetDriver(string type) =>
        _drivers.TryGetValue(type, out var driver)
            ? driver
            : throw new InvalidInputException("provider:network_type", type, $"network_type value '{ErrorText.Quote(type)}' not supported");
}
