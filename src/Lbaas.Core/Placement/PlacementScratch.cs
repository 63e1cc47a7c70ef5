using Lbaas.Devices;

namespace Lbaas.Placement;

/// <summary>Per-thread working memory of one placement, reused so a placement allocates little beyond its result.</summary>
internal sealed class PlacementScratch
{
    private const int KeepRejections = 1024;

    [ThreadStatic]
    private static PlacementScratch? t_cached;

    /// <summary>The devices that passed every filter.</summary>
    public List<PlacementCandidate> Candidates { get; } = new(64);

    /// <summary>The devices rejected, one entry each.</summary>
    public List<DeviceRejection> Rejections { get; private set; } = [];

    /// <summary>
    /// The devices proposed in the current bounded pass, so index sources do not propose one twice. A list compared by
    /// reference: a bounded pass proposes a few dozen devices, and a scan of references never touches the devices
    /// themselves (a hash set would read each device's object header, a cache miss per device).
    /// </summary>
    public List<DeviceSlot> Seen { get; } = new(128);

    /// <summary>Devices collected for judging as a batch.</summary>
    public List<DeviceSlot> Pending { get; } = new(64);

    /// <summary>The snapshots of <see cref="Pending"/>, read in one sweep.</summary>
    public List<Lbaas.DeviceSnapshot?> PendingSnapshots { get; } = new(64);

    /// <summary>The index sets the bounded search looked up, passed on to the claim.</summary>
    public IndexHints Hints { get; set; }

    /// <summary>Whether the current pass judges devices of every provider (a full scan) or of the request's only.</summary>
    public bool AnyProvider { get; set; }

    /// <summary>Keeps the batch touch reads observable (never read for anything else).</summary>
    public int Sink { get; set; }

    /// <summary>How many devices were judged in the current pass.</summary>
    public int Considered { get; set; }

    /// <summary>How many claims were lost to concurrent placements (over every pass).</summary>
    public int Conflicts { get; set; }

    private bool InUse { get; set; }

    /// <summary>Records a device as proposed in this pass.</summary>
    /// <returns>False when it was proposed already.</returns>
    public bool FirstSight(DeviceSlot slot)
    {
        foreach (var seen in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Seen))
        {
            if (ReferenceEquals(seen, slot))
            {
                return false;
            }
        }

        Seen.Add(slot);
        return true;
    }

    /// <summary>Takes this thread's scratch (or a new one when a placement re-enters on the same thread).</summary>
    public static PlacementScratch Rent()
    {
        var scratch = t_cached;
        if (scratch is null || scratch.InUse)
        {
            scratch = new PlacementScratch();
            t_cached ??= scratch;
        }

        scratch.InUse = true;
        scratch.Conflicts = 0;
        scratch.StartPass();
        return scratch;
    }

    /// <summary>Clears the per-pass state.</summary>
    public void StartPass()
    {
        Candidates.Clear();
        if (Rejections.Capacity > KeepRejections)
        {
            Rejections = [];
        }
        else
        {
            Rejections.Clear();
        }

        Seen.Clear();
        Pending.Clear();
        PendingSnapshots.Clear();
        AnyProvider = false;
        Hints = default;
        Considered = 0;
    }

    /// <summary>Gives the scratch back.</summary>
    public void Return()
    {
        if (Candidates.Capacity > KeepRejections)
        {
            Candidates.Clear();
            Candidates.Capacity = 64;
        }

        InUse = false;
    }
}
