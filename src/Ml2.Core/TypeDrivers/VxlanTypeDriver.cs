using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Model;

namespace Ml2.TypeDrivers;

/// <summary>The <c>vxlan</c> type: VNIs 1..16,777,215 from <c>[ml2_type_vxlan] vni_ranges</c>, pool <c>vxlan</c>.</summary>
internal sealed class VxlanTypeDriver : TunnelTypeDriver
{
    /// <summary>Creates the driver; its options are read on first use.</summary>
    /// <param name="options">The ML2 options.</param>
    public VxlanTypeDriver(IOptions<Ml2Options> options)
        : this(options, null)
    {
    }

    /// <summary>Creates the driver; its options are read on first use.</summary>
    /// <param name="options">The ML2 options.</param>
    /// <param name="logger">The logger (none when null).</param>
    public VxlanTypeDriver(IOptions<Ml2Options> options, ILogger<VxlanTypeDriver>? logger)
        : base(options, NetworkTypes.Vxlan, TypeDriverOptionsValidation.VxlanVniRangesKey, static o => o.Vxlan?.VniRanges, logger)
    {
    }

    protected override int EncapOverhead(Ml2Options options) => MtuRules.VxlanEncapOverhead;
}
