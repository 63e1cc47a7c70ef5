using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Model;

namespace Ml2.Benchmarks.Plugin;

/// <summary>A driver whose hooks do nothing (the dispatcher's own cost is measured); optionally binds every port.</summary>
public sealed class NoOpMechanismDriver(string name, bool binds = false) : IMechanismDriver
{
    public string Name { get; } = name;

    public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
    {
        if (binds)
        {
            context.SetBinding(context.SegmentsToBind![0].Id, VifTypes.Ovs, null, ResourceStatus.Active);
        }

        return default;
    }
}
