using System.Collections.Concurrent;
using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Model;

namespace Ml2.Docs.Examples;

/// <summary>
/// A switch driver: remembers each port in its own rows (same transaction as the port), tells its switch after
/// commit, and binds ports on VXLAN segments for Open vSwitch hosts.
/// </summary>
public sealed class ExampleSwitchDriver : IMechanismDriver
{
    public const string Table = "example_switch_ports";

    public string Name => "example-switch";

    /// <summary>What the driver did, in order (a real driver would call its switch instead).</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public async ValueTask CreatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken)
    {
        // Inside the store transaction: a throw here rolls the whole port create back. No remote calls.
        Calls.Enqueue($"precommit {context.Current.Id}");
        await context.Transaction!.DriverData.SetAsync(Table, context.Current.Id, context.Current.NetworkId, cancellationToken);
    }

    public ValueTask CreatePortPostcommitAsync(PortContext context, CancellationToken cancellationToken)
    {
        // After commit: the place for the (slow, fallible) call to the switch.
        Calls.Enqueue($"postcommit {context.Current.Id}");
        return default;
    }

    public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
    {
        foreach (var segment in context.SegmentsToBind!)
        {
            if (segment.NetworkType == NetworkTypes.Vxlan)
            {
                Calls.Enqueue($"bind {context.Current.Id} on {context.Host}");
                context.SetBinding(segment.Id, VifTypes.Ovs, null, ResourceStatus.Active);
                return default;
            }
        }

        return default;   // not ours: leave it to the next driver
    }
}
