namespace Ml2.Diagnostics;

/// <summary>
/// The names under which the ML2 plugin publishes its telemetry, for a host's OpenTelemetry set-up:
/// <c>metrics.AddMeter(Ml2Telemetry.MeterName)</c> and <c>tracing.AddSource(Ml2Telemetry.ActivitySourceName)</c>.
/// Every instrument, span and attribute is listed in <c>docs/telemetry.md</c>.
/// </summary>
public static class Ml2Telemetry
{
    /// <summary>The name of the ML2 meter (created through the container's <c>IMeterFactory</c>, versioned with the package).</summary>
    public const string MeterName = "Ml2";

    /// <summary>The name of the ML2 activity source (plugin operations, mechanism driver hooks, port binding, journal delivery).</summary>
    public const string ActivitySourceName = "Ml2";
}
