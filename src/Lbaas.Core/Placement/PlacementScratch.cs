using Lbaas.Devices;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement;

/// <summary>Per-thread working memory of one placement, reused so a placement allocates little beyond its result.</summary>
internal sealed class PlacementScratch
{
    /// <summary>How many devices are judged as one batch.</summary>
    public const int BatchSize = 64;

    private const int KeepRejections = 1024;

    [ThreadStatic]
    private static PlacementScratch? t_cached;

    /// <summary>The devices that passed every filter.</summary>
    public List<PlacementCandidate> Candidates { get; } = new(64);

    /// <summary>The devices rejected, one entry each.</summary>
    public List<DeviceRejection> Rejections { get; private set; } = [];

    /// <summary>
    /// The devices (numbers) proposed in the current bounded pass, so index sources do not propose one twice: a bounded
    /// pass proposes a few dozen devices, which a scan of one small array checks fastest.
    /// </summary>
    public List<int> Seen { get; } = new(128);

    /// <summary>Devices (numbers) collected for judging as a batch.</summary>
    public List<int> Pending { get; } = new(BatchSize);

    /// <summary>The facts of <see cref="Pending"/>, read in one sweep (see <see cref="EnsureBatch"/>).</summary>
    public DeviceFacts[] PendingFacts { get; private set; } = new DeviceFacts[BatchSize];

    /// <summary>Working space of <see cref="DeviceFactsTable.ReadBatch"/>.</summary>
    public int[] PendingSequences { get; private set; } = new int[BatchSize];

    /// <summary>The request as judged.</summary>
    public JudgedRequest Request { get; set; }

    /// <summary>The index sets the bounded search looked up, passed on to the claim.</summary>
    public IndexHints Hints { get; set; }

    /// <summary>Whether the current pass judges devices of every provider (a full scan) or of the request's only.</summary>
    public bool AnyProvider { get; set; }

    /// <summary>How many devices were judged in the current pass.</summary>
    public int Considered { get; set; }

    /// <summary>How many claims were lost to concurrent placements (over every pass).</summary>
    public int Conflicts { get; set; }

    private bool InUse { get; set; }

    /// <summary>
    /// Makes room for the facts of <see cref="Pending"/>: a bounded search collects up to
    /// <see cref="PlacementOptions.MinFeasibleDevices"/> devices before it judges them, which may exceed a batch.
    /// </summary>
    public void EnsureBatch()
    {
        if (Pending.Count > PendingFacts.Length)
        {
            PendingFacts = new DeviceFacts[Pending.Count];
            PendingSequences = new int[Pending.Count];
        }
    }

    /// <summary>Records a device as proposed in this pass.</summary>
    /// <returns>False when it was proposed already.</returns>
    public bool FirstSight(int number)
    {
        if (System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Seen).Contains(number))
        {
            return false;
        }

        Seen.Add(number);
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
        scratch.Hints = default;
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
        AnyProvider = false;
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
