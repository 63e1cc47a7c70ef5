using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Model;

namespace Ml2.TypeDrivers;

/// <summary>
/// The <c>geneve</c> type: VNIs 1..16,777,215 from <c>[ml2_type_geneve] vni_ranges</c>, pool <c>geneve</c>; the
/// encapsulation overhead is <c>max_header_size</c>.
/// </summary>
internal sealed class GeneveTypeDriver : TunnelTypeDriver
{
    /// <summary>Creates the driver; its options are read on first use.</summary>
    /// <param name="options">The ML2 options.</param>
    public GeneveTypeDriver(IOptions<Ml2Options> options)
        : this(options, null)
    {
    }

    /// <summary>Creates the driver; its options are read on first use.</summary>
    /// <param name="options">The ML2 options.</param>
    /// <param name="logger">The logger (none when null).</param>
    public GeneveTypeDriver(IOptions<Ml2Options> options, ILogger<GeneveTypeDriver>? logger)
        : base(options, NetworkTypes.Geneve, TypeDriverOptionsValidation.GeneveVniRangesKey, static o => o.Geneve?.VniRanges, logger)
    {
    }

    protected override int EncapOverhead(Ml2Options options) =>
        options.Geneve?.MaxHeaderSize ?? Configuration.GeneveTypeOptions.DefaultMaxHeaderSize;
}
