using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Contexts;

/// <summary>What a mechanism driver sees of a network operation (Neutron's NetworkContext).</summary>
public abstract class NetworkContext
{
    /// <summary>The network as it is (after the change; before deletion for delete hooks).</summary>
    public abstract Network Current { get; }

    /// <summary>The network before the change; null except in update hooks.</summary>
    public abstract Network? Original { get; }

    /// <summary>The network's static segments.</summary>
    public abstract IReadOnlyList<NetworkSegment> NetworkSegments { get; }

    /// <summary>The open store transaction during precommit hooks; null in postcommit hooks and during binding.</summary>
    public abstract IMl2Transaction? Transaction { get; }

    /// <summary>Who made the request.</summary>
    public abstract CallerContext Caller { get; }
}
