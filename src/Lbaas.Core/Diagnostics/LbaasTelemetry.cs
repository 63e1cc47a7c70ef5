namespace Lbaas.Diagnostics;

/// <summary>
/// The names under which the load-balancer service publishes its telemetry, for a host's OpenTelemetry set-up:
/// <c>metrics.AddMeter(LbaasTelemetry.MeterName)</c> and <c>tracing.AddSource(LbaasTelemetry.ActivitySourceName)</c>
/// (next to <c>Ml2.Diagnostics.Ml2Telemetry</c>'s). Every instrument, span and attribute is listed in <c>docs/telemetry.md</c>.
/// </summary>
public static class LbaasTelemetry
{
    /// <summary>The name of the LBaaS meter (created through the container's <c>IMeterFactory</c>, versioned with the package).</summary>
    public const string MeterName = "Lbaas";

    /// <summary>The name of the LBaaS activity source (service operations, placement, capacity claims, wiring, agent operations).</summary>
    public const string ActivitySourceName = "Lbaas";
}
