namespace Ml2.Diagnostics;

/// <summary>Event ids of the SDK's log messages, by area: 1000 type manager, 1100 mechanism manager, 1200 binding, 1300 store, 1400 plugin.</summary>
internal static class Ml2EventIds
{
    public const int TypeDriverInitialized = 1000;
    public const int DuplicateTypeDriver = 1001;
    public const int ReleaseWithoutDriver = 1002;

    public const int MechanismDriverInitialized = 1100;
    public const int MechanismDriverFailed = 1101;
    public const int PostcommitFailureLogged = 1102;

    public const int BindingDriverFailed = 1200;
    public const int BindingFailed = 1201;
    public const int BindingMaxLevels = 1202;
    public const int BindingCommitConflict = 1203;
    public const int BindingCommitExhausted = 1204;
    public const int PortBound = 1205;

    public const int OperationRetried = 1400;
    public const int CreatePostcommitFailedDeleting = 1401;
}
