using Ml2.Contexts;
using Ml2.Drivers;

namespace Ml2.TestUtilities;

/// <summary>
/// A mechanism driver that records each hook call in a shared <see cref="CallLog"/>, can be told to throw in given
/// hooks, and binds ports through an optional delegate.
/// </summary>
public sealed class RecordingMechanismDriver(string name, CallLog log) : IMechanismDriver
{
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public string Connectivity { get; set; } = MechanismDriverConnectivity.Legacy;

    /// <summary>Called from BindPortAsync; null = decline.</summary>
    public Func<PortContext, CancellationToken, ValueTask>? Bind { get; set; }

    /// <summary>Called from every precommit hook with the context's transaction (e.g. to write driver data).</summary>
    public Func<object, Ml2.Storage.IMl2Transaction?, ValueTask>? OnHook { get; set; }

    public int BindCalls { get; private set; }

    /// <summary>Every resource hook called, with whether its context exposed a transaction.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Hook, bool HadTransaction)> TransactionsSeen { get; } = new();

    /// <summary>Makes the named hook (e.g. "create_port_postcommit") throw.</summary>
    public RecordingMechanismDriver FailOn(params string[] hooks)
    {
        foreach (var hook in hooks)
        {
            _failing.Add(hook);
        }

        return this;
    }

    public void StopFailing() => _failing.Clear();

    public ValueTask CreateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("create_network_precommit", context, context.Transaction);

    public ValueTask CreateNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("create_network_postcommit", context, context.Transaction);

    public ValueTask UpdateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("update_network_precommit", context, context.Transaction);

    public ValueTask UpdateNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("update_network_postcommit", context, context.Transaction);

    public ValueTask DeleteNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("delete_network_precommit", context, context.Transaction);

    public ValueTask DeleteNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("delete_network_postcommit", context, context.Transaction);

    public ValueTask CreateSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("create_subnet_precommit", context, context.Transaction);

    public ValueTask CreateSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("create_subnet_postcommit", context, context.Transaction);

    public ValueTask UpdateSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("update_subnet_precommit", context, context.Transaction);

    public ValueTask UpdateSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("update_subnet_postcommit", context, context.Transaction);

    public ValueTask DeleteSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("delete_subnet_precommit", context, context.Transaction);

    public ValueTask DeleteSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("delete_subnet_postcommit", context, context.Transaction);

    public ValueTask CreatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => Record("create_port_precommit", context, context.Transaction);

    public ValueTask CreatePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => Record("create_port_postcommit", context, context.Transaction);

    public ValueTask UpdatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => Record("update_port_precommit", context, context.Transaction);

    public ValueTask UpdatePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => Record("update_port_postcommit", context, context.Transaction);

    public ValueTask DeletePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => Record("delete_port_precommit", context, context.Transaction);

    public ValueTask DeletePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => Record("delete_port_postcommit", context, context.Transaction);

    public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
    {
        BindCalls++;
        log.Add(Name, "bind_port");
        return Bind is null ? default : Bind(context, cancellationToken);
    }

    private async ValueTask Record(string hook, object context, Ml2.Storage.IMl2Transaction? transaction)
    {
        log.Add(Name, hook);
        TransactionsSeen.Enqueue((hook, transaction is not null));
        if (OnHook is not null)
        {
            await OnHook(context, transaction);
        }

        if (_failing.Contains(hook))
        {
            throw new InvalidOperationException($"{Name} failed in {hook} on purpose.");
        }
    }
}
