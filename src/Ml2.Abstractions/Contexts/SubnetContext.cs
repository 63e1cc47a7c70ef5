using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Contexts;

/// <summary>What a mechanism driver sees of a subnet operation (Neutron's SubnetContext).</summary>
public abstract class SubnetContext
{
    /// <summary>The subnet as it is (after the change; before deletion for delete hooks).</summary>
    public abstract Subnet Current { get; }

    /// <summary>The subnet before the change; null except in update hooks.</summary>
    public abstract Subnet? Original { get; }

    /// <summary>The subnet's network.</summary>
    public abstract NetworkContext Network { get; }

    /// <summary>The open store transaction during precommit hooks; null in postcommit hooks.</summary>
    public abstract IMl2Transaction? Transaction { get; }

    /// <summary>Who made the request.</summary>
    public abstract CallerContext Caller { get; }
}
