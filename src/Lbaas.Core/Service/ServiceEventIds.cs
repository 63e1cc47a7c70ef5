namespace Lbaas.Service;

/// <summary>Event ids of the load-balancer service's log messages (2050-2099; 2000-2049 belong to the device registry).</summary>
internal static class ServiceEventIds
{
    public const int LoadBalancerOnDevices = 2050;
    public const int WiringFailed = 2052;
    public const int DevicePortsUnbound = 2053;
    public const int ObjectActive = 2054;
    public const int ObjectFailed = 2055;
    public const int ObjectDeleted = 2056;
    public const int StaleCompletion = 2057;
    public const int UnwireFailed = 2058;
    public const int ReleaseFailed = 2059;
    public const int ObjectReaped = 2060;
    public const int ReaperFailed = 2061;
    public const int UnwireDeviceGone = 2062;
}
