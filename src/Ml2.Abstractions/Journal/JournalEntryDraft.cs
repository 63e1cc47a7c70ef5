namespace Ml2.Journal;

/// <summary>
/// A journal entry to append (<see cref="Storage.IJournalRepository.AppendAsync"/>): everything the plugin knows inside
/// the operation's transaction. The store assigns the sequence and starts the entry
/// <see cref="JournalEntryState.Pending"/> with no attempts, due at <see cref="CreatedAt"/>.
/// </summary>
/// <param name="Driver">The name of the journaled mechanism driver the entry is for.</param>
/// <param name="ResourceType">The kind of resource.</param>
/// <param name="ResourceId">The resource id.</param>
/// <param name="Operation">What happened to it.</param>
/// <param name="DependsOn">
/// Ids of other resources this entry must wait for (a subnet's network; a port's network and the subnets of its fixed
/// IPs). Order is kept; a SQL store may keep the list as a JSON array of strings.
/// </param>
/// <param name="Body">The resource as committed, serialised with System.Text.Json default options (for a delete: as it was just before).</param>
/// <param name="OriginalBody">For an update, the resource before the change, serialised the same way; otherwise null.</param>
/// <param name="CreatedAt">When the entry was written (the operation's time).</param>
public sealed record JournalEntryDraft(
    string Driver,
    JournalResourceType ResourceType,
    string ResourceId,
    JournalOperation Operation,
    IReadOnlyList<string> DependsOn,
    string Body,
    string? OriginalBody,
    DateTimeOffset CreatedAt);
