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

    /// <summary>The devices judged in the current pass (so index sources do not propose one twice).</summary>
    public HashSet<DeviceSlot> Visited { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>How many devices were judged in the current pass.</summary>
    public int Considered { get; set; }

    /// <summary>How many claims were lost to concurrent placements (over every pass).</summary>
    public int Conflicts { get; set; }

    private bool InUse { get; set; }

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

        Visited.Clear();
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

        if (Visited.Count > KeepRejections)
        {
            Visited.Clear();
            Visited.TrimExcess();
        }

        InUse = false;
    }
}
