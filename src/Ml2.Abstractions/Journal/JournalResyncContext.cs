using Ml2.Model;

namespace Ml2.Journal;

/// <summary>What a journaled driver receives for a full re-sync: the committed state of every resource.</summary>
/// <param name="Driver">The driver being re-synced.</param>
/// <param name="Networks">Every network (with its segments).</param>
/// <param name="Subnets">Every subnet.</param>
/// <param name="Ports">Every port (with its binding).</param>
/// <param name="ReadAt">When the state was read.</param>
public sealed record JournalResyncContext(
    string Driver,
    IReadOnlyList<Network> Networks,
    IReadOnlyList<Subnet> Subnets,
    IReadOnlyList<Port> Ports,
    DateTimeOffset ReadAt);
