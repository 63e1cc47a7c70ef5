using Ml2.Drivers;
using Ml2.Journal;

namespace Ml2.Managers;

/// <summary>
/// One mechanism driver hook: its Neutron name, how to call it, how failures are treated, and (precommit hooks) the
/// journal entry it records for journaled drivers.
/// </summary>
internal sealed class MechanismHook<TContext>(
    string name, Func<IMechanismDriver, TContext, CancellationToken, ValueTask> invoke, DispatchMode mode, (JournalResourceType Type, JournalOperation Operation)? journal = null)
{
    public string Name { get; } = name;

    public Func<IMechanismDriver, TContext, CancellationToken, ValueTask> Invoke { get; } = invoke;

    public DispatchMode Mode { get; } = mode;

    /// <summary>Whether the hook runs inside the transaction.</summary>
    public bool IsPrecommit { get; } = name.EndsWith("_precommit", StringComparison.Ordinal);

    /// <summary>The same hook with another failure treatment.</summary>
    /// <param name="mode">The failure treatment.</param>
    /// <returns>A new hook.</returns>
    public MechanismHook<TContext> WithMode(DispatchMode mode) => new(Name, Invoke, mode, Journal);

    /// <summary>For precommit hooks: the resource type and operation of the journal entry recorded for journaled drivers.</summary>
    public (JournalResourceType Type, JournalOperation Operation)? Journal { get; } = journal;
}
