namespace Lbaas.Wiring;

/// <summary>Event ids of the wiring's log messages (2300-2399).</summary>
internal static class WiringEventIds
{
    public const int Wired = 2300;
    public const int VipPortCreated = 2301;
    public const int VipPortReused = 2302;
    public const int DevicePortCreated = 2303;
    public const int DevicePortReused = 2304;
    public const int DevicePortRehosted = 2305;
    public const int DevicePortNotBound = 2306;
    public const int WiringFailedRollingBack = 2307;
    public const int RollbackDeleteFailed = 2308;
    public const int Unwired = 2309;
    public const int PortDeleted = 2310;
    public const int PortAlreadyGone = 2311;
    public const int VipPortIdNotOwned = 2312;
    public const int UnwireDeleteFailed = 2313;
}
