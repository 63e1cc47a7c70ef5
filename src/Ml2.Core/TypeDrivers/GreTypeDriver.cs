using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Model;

namespace Ml2.TypeDrivers;

/// <summary>The <c>gre</c> type: keys 1..4,294,967,295 from <c>[ml2_type_gre] tunnel_id_ranges</c>, pool <c>gre</c>.</summary>
internal sealed class GreTypeDriver : TunnelTypeDriver
{
    /// <summary>Creates the driver; its options are read on first use.</summary>
    /// <param name="options">The ML2 options.</param>
    public GreTypeDriver(IOptions<Ml2Options> options)
        : this(options, null)
    {
    }

    /// <summary>Creates the driver; its options are read on first use.</summary>
    /// <param name="options">The ML2 options.</param>
    /// <param name="logger">The logger (none when null).</param>
    public GreTypeDriver(IOptions<Ml2Options> options, ILogger<GreTypeDriver>? logger)
        : base(options, NetworkTypes.Gre, TypeDriverOptionsValidation.GreTunnelIdRangesKey, static o => o.Gre?.TunnelIdRanges, logger)
    {
    }

    protected override int EncapOverhead(Ml2Options options) => MtuRules.GreEncapOverhead;
}
