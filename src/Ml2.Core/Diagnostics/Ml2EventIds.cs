namespace Ml2.Diagnostics;

/// <summary>Event ids of the SDK's log messages, by area: 1000 type manager, 1100 mechanism manager, 1200 binding, 1300 store, 1400 plugin, 1500 journal.</summary>
internal static class Ml2EventIds
{
    public const int TypeDriverInitialized = 1000;
    public const int DuplicateTypeDriver = 1001;
    public const int ReleaseWithoutDriver = 1002;
    public const int ReleasedSegmentUnknown = 1003;

    public const int MechanismDriverInitialized = 1100;
    public const int MechanismDriverFailed = 1101;
    public const int PostcommitFailureLogged = 1102;
    public const int CompensationHookFailureLogged = 1103;
    public const int VlanTransparencyRefused = 1104;

    public const int BindingDriverFailed = 1200;
    public const int BindingFailed = 1201;
    public const int BindingMaxLevels = 1202;
    public const int BindingCommitConflict = 1203;
    public const int BindingCommitExhausted = 1204;
    public const int PortBound = 1205;
    public const int PortBindingCreated = 1206;
    public const int PortBindingActivated = 1207;
    public const int PortBindingDeleted = 1208;

    public const int OperationRetried = Resilience.ConflictRetry.OperationRetriedEventId;
    public const int CreatePostcommitFailedDeleting = 1401;
    public const int CompensationFailed = 1402;

    public const int JournalEntryDelivered = 1500;
    public const int JournalDeliveryRetried = 1501;
    public const int JournalEntryFailed = 1502;
    public const int JournalStaleLocksReleased = 1503;
    public const int JournalPurged = 1504;
    public const int JournalLockLost = 1505;
    public const int JournalResyncStarted = 1506;
    public const int JournalResyncCompleted = 1507;
    public const int JournalResyncFailed = 1508;
    public const int JournalPassFailed = 1509;
    public const int JournalWorkerStarted = 1510;
    public const int JournalWorkerStopped = 1511;
}
