using Microsoft.Extensions.Logging;
using Ml2;
using Lbaas;

namespace Lbaas.Placement;

/// <summary>
/// Orders the candidates for the claim loop: best score first, equal scores in random order; optionally a random pick
/// among the top k (<see cref="PlacementOptions.TopK"/>), or the provider driver's choice among all of them
/// (<see cref="PlacementOptions.DriverChoosesDevice"/>).
/// </summary>
internal sealed class CandidateRanking(IRandomSource random, int topK, bool driverChooses, ILogger logger)
{
    /// <summary>
    /// Orders the candidates when the whole order matters (top k, or the driver's choice). Otherwise returns false: the
    /// claim loop then calls <see cref="SelectBest"/> before each claim, which is usually needed once.
    /// </summary>
    /// <returns>Whether the candidates are ordered.</returns>
    public bool Order(PlacementRequest request, ILoadBalancerDriver? driver, Span<PlacementCandidate> candidates)
    {
        var driverPicks = driverChooses && driver is not null;
        if (!driverPicks && (candidates.Length < 2 || topK <= 1))
        {
            return false;
        }

        for (var i = 0; i < candidates.Length; i++)
        {
            candidates[i] = candidates[i] with { TieBreak = random.Next(int.MaxValue) };
        }

        candidates.Sort(CompareCandidates);
        if (topK > 1)
        {
            MoveToFront(candidates, random.Next(Math.Min(topK, candidates.Length)));
        }

        if (driverPicks)
        {
            var snapshots = new List<DeviceSnapshot>(candidates.Length);
            foreach (var candidate in candidates)
            {
                if (candidate.Device.Snapshot is { } snapshot)
                {
                    snapshots.Add(snapshot);
                }
            }

            if (driver!.ChooseDevice(request, snapshots) is { } chosen)
            {
                var index = IndexOf(candidates, chosen);
                if (index >= 0)
                {
                    MoveToFront(candidates, index);
                }
                else
                {
                    DeviceScheduler.Log.DriverChoseUnknownDevice(logger, driver.Name, chosen, request.LoadBalancerId);
                }
            }
        }

        return true;
    }

    /// <summary>Moves the best of candidates[from..] to candidates[from]; equal scores are chosen among uniformly at random.</summary>
    public void SelectBest(Span<PlacementCandidate> candidates, int from)
    {
        var best = from;
        var ties = 1;
        for (var i = from + 1; i < candidates.Length; i++)
        {
            var score = candidates[i].Score;
            if (score > candidates[best].Score)
            {
                best = i;
                ties = 1;
            }
            else if (score == candidates[best].Score && random.Next(++ties) == 0)
            {
                best = i;
            }
        }

        if (best != from)
        {
            (candidates[from], candidates[best]) = (candidates[best], candidates[from]);
        }
    }

    private static int IndexOf(Span<PlacementCandidate> candidates, string deviceId)
    {
        for (var i = 0; i < candidates.Length; i++)
        {
            if (string.Equals(candidates[i].Slot.Id, deviceId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void MoveToFront(Span<PlacementCandidate> candidates, int index)
    {
        var chosen = candidates[index];
        candidates[..index].CopyTo(candidates[1..]);
        candidates[0] = chosen;
    }

    private static int CompareCandidates(PlacementCandidate a, PlacementCandidate b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : a.TieBreak.CompareTo(b.TieBreak);
    }
}
