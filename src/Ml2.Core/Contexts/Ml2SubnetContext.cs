using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Contexts;

/// <summary>The plugin's subnet context.</summary>
internal sealed class Ml2SubnetContext(Subnet current, Subnet? original, NetworkContext network, CallerContext caller, IMl2Transaction? transaction) : SubnetContext
{
    public override Subnet Current { get; } = current;

    public override Subnet? Original { get; } = original;

    public override NetworkContext Network { get; } = network;

    public override IMl2Transaction? Transaction => transaction;

    public override CallerContext Caller { get; } = caller;
}
