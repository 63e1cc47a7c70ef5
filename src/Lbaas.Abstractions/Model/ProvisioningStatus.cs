namespace Lbaas;

/// <summary>Provisioning status values of load balancers and their children (Octavia's).</summary>
public static class ProvisioningStatus
{
    /// <summary>Realised on the device.</summary>
    public const string Active = "ACTIVE";

    /// <summary>Being created; the object is immutable until the agent reports.</summary>
    public const string PendingCreate = "PENDING_CREATE";

    /// <summary>Being updated; immutable until the agent reports.</summary>
    public const string PendingUpdate = "PENDING_UPDATE";

    /// <summary>Being deleted; immutable until the agent reports.</summary>
    public const string PendingDelete = "PENDING_DELETE";

    /// <summary>Deleted (reported once, then the object is gone).</summary>
    public const string Deleted = "DELETED";

    /// <summary>The last operation failed; the object may be deleted.</summary>
    public const string Error = "ERROR";

    /// <summary>Whether <paramref name="status"/> is one of the PENDING_* values.</summary>
    /// <param name="status">A provisioning status.</param>
    /// <returns>True for PENDING_CREATE, PENDING_UPDATE and PENDING_DELETE.</returns>
    public static bool IsPending(string status) => status is PendingCreate or PendingUpdate or PendingDelete;
}
