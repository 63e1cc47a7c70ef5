using Ml2.Drivers;

namespace Ml2.Managers;

/// <summary>One mechanism driver hook: its Neutron name, how to call it, and how failures are treated.</summary>
internal sealed class MechanismHook<TContext>(string name, Func<IMechanismDriver, TContext, CancellationToken, ValueTask> invoke, DispatchMode mode)
{
    public string Name { get; } = name;

    public Func<IMechanismDriver, TContext, CancellationToken, ValueTask> Invoke { get; } = invoke;

    public DispatchMode Mode { get; } = mode;

    /// <summary>Whether the hook runs inside the transaction.</summary>
    public bool IsPrecommit { get; } = name.EndsWith("_precommit", StringComparison.Ordinal);
}
