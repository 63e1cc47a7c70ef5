namespace Lbaas.Agents;

/// <summary>Event ids of the agents' log messages (2250-2299; 2200-2249 belong to the provisioner).</summary>
internal static class AgentEventIds
{
    public const int AgentStarted = 2250;
    public const int OperationStarted = 2251;
    public const int OperationSucceeded = 2252;
    public const int OperationFailed = 2253;
    public const int OperationSkipped = 2254;
    public const int AgentStopped = 2255;
    public const int ReportFailed = 2256;
    public const int HeartbeatFailed = 2257;

    public const int AgentDead = 2260;
    public const int AgentRevived = 2261;
    public const int DeviceAssigned = 2262;
    public const int DeviceMoved = 2263;
    public const int OperationRedone = 2264;
    public const int NoLiveAgent = 2265;
    public const int StaleReport = 2266;
    public const int SendFailed = 2267;
    public const int JobCompletionFailed = 2268;
    public const int OperationsAbandoned = 2269;
    public const int MonitorFailed = 2270;
}
