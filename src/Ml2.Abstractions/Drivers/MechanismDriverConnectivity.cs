namespace Ml2.Drivers;

/// <summary>Values of <see cref="IMechanismDriver.Connectivity"/>.</summary>
public static class MechanismDriverConnectivity
{
    /// <summary>The driver provides L2 connectivity (it may bind ports without fixed IPs).</summary>
    public const string L2 = "l2";

    /// <summary>The driver provides L3 connectivity only.</summary>
    public const string L3 = "l3";

    /// <summary>The driver does not say (the default).</summary>
    public const string Legacy = "legacy";
}
