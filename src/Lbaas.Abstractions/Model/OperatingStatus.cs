namespace Lbaas;

/// <summary>Operating status values (Octavia's).</summary>
public static class OperatingStatus
{
    /// <summary>Serving traffic.</summary>
    public const string Online = "ONLINE";

    /// <summary>Not serving traffic (disabled, or not yet realised).</summary>
    public const string Offline = "OFFLINE";

    /// <summary>Serving with some members down.</summary>
    public const string Degraded = "DEGRADED";

    /// <summary>Failed.</summary>
    public const string Error = "ERROR";

    /// <summary>Draining connections.</summary>
    public const string Draining = "DRAINING";

    /// <summary>No health monitor.</summary>
    public const string NoMonitor = "NO_MONITOR";
}
