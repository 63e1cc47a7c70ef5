using System.Globalization;
using Ml2.Journal;

namespace Ml2.Storage.Durability.Tests;

/// <summary>A row of <c>ml2_journal</c>.</summary>
public sealed record JournalRow(long Seq, string Driver, JournalResourceType ResourceType, string ResourceId, JournalOperation Operation,
    IReadOnlyList<string> DependsOn, JournalEntryState State);

/// <summary>The journal checks.</summary>
public sealed partial class DatabaseState
{
    /// <summary>The journaled driver's name in the load driver.</summary>
    public const string JournalDriver = "journal-file";

    /// <summary>
    /// Every acknowledged operation has its journal entry (it was written in the operation's transaction): a
    /// <c>Create</c> entry of each acknowledged network, subnet and port, a <c>Delete</c> entry of each acknowledged port
    /// and network delete; and no resource has two <c>Create</c> or two <c>Delete</c> entries (a rolled-back operation
    /// leaves none).
    /// </summary>
    public List<string> FindMissingJournalEntries(OperationLog log)
    {
        var problems = new List<string>();
        var rows = Journal.Where(r => r.Driver == JournalDriver).ToList();
        var present = rows.Select(r => (r.ResourceType, r.ResourceId, r.Operation)).ToHashSet();
        void Expect(JournalResourceType type, IEnumerable<string> ids, JournalOperation operation)
        {
            var missing = ids.Where(id => !present.Contains((type, id, operation))).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{missing.Count} acknowledged {operation} {type} operation(s) have no journal entry, e.g. {string.Join(", ", missing.Take(5))}");
            }
        }

        Expect(JournalResourceType.Network, log.AllNetworks.Keys, JournalOperation.Create);
        Expect(JournalResourceType.Subnet, log.AllSubnets.Keys, JournalOperation.Create);
        Expect(JournalResourceType.Port, log.AllPorts.Keys, JournalOperation.Create);
        Expect(JournalResourceType.Port, log.DeletedPorts, JournalOperation.Delete);
        Expect(JournalResourceType.Network, log.DeletedNetworks, JournalOperation.Delete);
        foreach (var group in rows.Where(r => r.Operation != JournalOperation.Update).GroupBy(r => (r.ResourceType, r.ResourceId, r.Operation)).Where(g => g.Count() > 1).Take(10))
        {
            problems.Add($"{group.Count()} journal entries for {group.Key.Operation} {group.Key.ResourceType} {group.Key.ResourceId}");
        }

        return problems;
    }

    /// <summary>The journal entries not completed yet (pending, processing or failed).</summary>
    public IReadOnlyList<JournalRow> UnfinishedJournal => [.. Journal.Where(r => r.State != JournalEntryState.Completed)];

    /// <summary>
    /// Checks the deliveries (the journaled driver's file: one <c>seq type id operation</c> line per delivery, in delivery
    /// order, possibly repeated) against a fully delivered journal: every entry is completed and was delivered at least
    /// once, every line is of a stored entry, and dependency order holds: for two entries A (lower seq) and B of the
    /// same resource, or where B depends on A's resource (a port or subnet after its network's create, a port after its
    /// subnets), or A depends on B's resource (a network's delete after its ports' and subnets' deletes), the first
    /// delivery of A comes before the first delivery of B. The first one is what counts: the worker only delivers B once
    /// A is completed, which needs some delivery of A to have returned; a delivery repeated after a crash (a killed
    /// process wrote the line, then died before recording it) may come later.
    /// </summary>
    public List<string> FindJournalDeliveryProblems(IReadOnlyList<string> deliveryLines)
    {
        var problems = new List<string>();
        var rows = Journal.Where(r => r.Driver == JournalDriver).ToList();
        var bySeq = rows.ToDictionary(r => r.Seq);
        var first = new Dictionary<long, int>();
        for (var i = 0; i < deliveryLines.Count; i++)
        {
            var f = deliveryLines[i].Split(' ');
            if (f.Length != 4 || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                problems.Add($"delivery line {i + 1} is malformed: '{deliveryLines[i]}'");
                continue;
            }

            if (!bySeq.TryGetValue(seq, out var row))
            {
                problems.Add($"delivery line {i + 1} is of entry {seq}, which is not in ml2_journal");
                continue;
            }

            if (f[1] != row.ResourceType.ToString() || f[2] != row.ResourceId || f[3] != row.Operation.ToString())
            {
                problems.Add($"delivery line {i + 1} '{deliveryLines[i]}' does not match entry {seq}: {row.ResourceType} {row.ResourceId} {row.Operation}");
            }

            first.TryAdd(seq, i);
        }

        foreach (var row in rows.Where(r => r.State != JournalEntryState.Completed).Take(10))
        {
            problems.Add($"entry {row.Seq} ({row.Operation} {row.ResourceType} {row.ResourceId}) is {row.State}");
        }

        var undelivered = rows.Where(r => !first.ContainsKey(r.Seq)).ToList();
        if (undelivered.Count > 0)
        {
            problems.Add($"{undelivered.Count} entries were never delivered, e.g. {string.Join(", ", undelivered.Take(5).Select(r => $"{r.Seq} {r.Operation} {r.ResourceType} {r.ResourceId}"))}");
        }

        var byResource = rows.ToLookup(r => r.ResourceId, StringComparer.Ordinal);
        var dependents = rows.SelectMany(r => r.DependsOn.Select(d => (On: d, Row: r))).ToLookup(x => x.On, x => x.Row, StringComparer.Ordinal);
        var order = 0;
        foreach (var b in rows)
        {
            // A before B: same resource, B depends on A's resource, or A depends on B's resource.
            var before = byResource[b.ResourceId]
                .Concat(b.DependsOn.SelectMany(d => byResource[d]))
                .Concat(dependents[b.ResourceId])
                .Where(a => a.Seq < b.Seq)
                .DistinctBy(a => a.Seq);
            foreach (var a in before)
            {
                if (first.TryGetValue(a.Seq, out var aAt) && first.TryGetValue(b.Seq, out var bAt) && aAt > bAt && order++ < 10)
                {
                    problems.Add($"entry {b.Seq} ({b.Operation} {b.ResourceType} {b.ResourceId}) was first delivered (line {bAt + 1}) before entry {a.Seq} ({a.Operation} {a.ResourceType} {a.ResourceId}, line {aAt + 1})");
                }
            }
        }

        return problems;
    }
}
