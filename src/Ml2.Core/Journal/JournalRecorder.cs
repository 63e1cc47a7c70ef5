using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ml2.Contexts;
using Ml2.Storage;

namespace Ml2.Journal;

/// <summary>
/// Writes the journal entries of one precommit hook: one per journaled driver, in the hook's transaction, with the
/// resource serialised once and the ids it depends on (a subnet's network; a port's network and fixed-IP subnets).
/// </summary>
internal static class JournalRecorder
{
    public static async ValueTask AppendAsync(
        IReadOnlyList<IJournaledMechanismDriver> drivers, JournalResourceType type, JournalOperation operation, object context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (transaction, id, body, original, dependsOn) = Describe(context);
        if (transaction is null)
        {
            throw new InvalidOperationException($"A journal entry for {type} {id} needs the precommit transaction, but the context has none.");
        }

        foreach (var driver in drivers)
        {
            var draft = new JournalEntryDraft(driver.Name, type, id, operation, dependsOn, body, operation == JournalOperation.Update ? original : null, now);
            await transaction.Journal.AppendAsync(draft, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (IMl2Transaction? Transaction, string Id, string Body, string? Original, IReadOnlyList<string> DependsOn) Describe(object context) => context switch
    {
        NetworkContext n => (n.Transaction, n.Current.Id, Json(n.Current, Bodies.Network), n.Original is null ? null : Json(n.Original, Bodies.Network), []),
        SubnetContext s => (s.Transaction, s.Current.Id, Json(s.Current, Bodies.Subnet), s.Original is null ? null : Json(s.Original, Bodies.Subnet), [s.Current.NetworkId]),
        PortContext p => (p.Transaction, p.Current.Id, Json(p.Current, Bodies.Port), p.Original is null ? null : Json(p.Original, Bodies.Port), PortDependencies(p)),
        _ => throw new ArgumentException($"Unexpected context type {context.GetType().Name}.", nameof(context)),
    };

    private static JournalBodyJsonContext Bodies => JournalBodyJsonContext.Default;

    private static string Json<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo);

    private static string[] PortDependencies(PortContext context)
    {
        var ids = new List<string> { context.Current.NetworkId };
        foreach (var ip in context.Current.FixedIps)
        {
            if (!ids.Contains(ip.SubnetId, StringComparer.Ordinal))
            {
                ids.Add(ip.SubnetId);
            }
        }

        return [.. ids];
    }
}
