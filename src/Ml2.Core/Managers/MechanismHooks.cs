using Ml2.Contexts;
using Ml2.Journal;

namespace Ml2.Managers;

/// <summary>
/// The 18 resource hooks with the failure treatment Neutron gives each (SEMANTICS.md section 1.5); precommit hooks also
/// name the journal entry they record for journaled drivers.
/// </summary>
internal static class MechanismHooks
{
    public static readonly MechanismHook<NetworkContext> CreateNetworkPrecommit = new("create_network_precommit", static (d, c, t) => d.CreateNetworkPrecommitAsync(c, t), DispatchMode.StopOnFirstFailure, (JournalResourceType.Network, JournalOperation.Create));
    public static readonly MechanismHook<NetworkContext> CreateNetworkPostcommit = new("create_network_postcommit", static (d, c, t) => d.CreateNetworkPostcommitAsync(c, t), DispatchMode.StopOnFirstFailure);
    public static readonly MechanismHook<NetworkContext> UpdateNetworkPrecommit = new("update_network_precommit", static (d, c, t) => d.UpdateNetworkPrecommitAsync(c, t), DispatchMode.StopOnFirstFailure, (JournalResourceType.Network, JournalOperation.Update));
    public static readonly MechanismHook<NetworkContext> UpdateNetworkPostcommit = new("update_network_postcommit", static (d, c, t) => d.UpdateNetworkPostcommitAsync(c, t), DispatchMode.CallAllThenThrow);
    public static readonly MechanismHook<NetworkContext> DeleteNetworkPrecommit = new("delete_network_precommit", static (d, c, t) => d.DeleteNetworkPrecommitAsync(c, t), DispatchMode.StopOnFirstFailure, (JournalResourceType.Network, JournalOperation.Delete));
    public static readonly MechanismHook<NetworkContext> DeleteNetworkPostcommit = new("delete_network_postcommit", static (d, c, t) => d.DeleteNetworkPostcommitAsync(c, t), DispatchMode.CallAllThenLog);

    public static readonly MechanismHook<SubnetContext> CreateSubnetPrecommit = new("create_subnet_precommit", static (d, c, t) => d.CreateSubnetPrecommitAsync(c, t), DispatchMode.StopOnFirstFailure, (JournalResourceType.Subnet, JournalOperation.Create));
    public static readonly MechanismHook<SubnetContext> CreateSubnetPostcommit = new("create_subnet_postcommit", static (d, c, t) => d.CreateSubnetPostcommitAsync(c, t), DispatchMode.StopOnFirstFailure);
    public static readonly MechanismHook<SubnetContext> UpdateSubnetPrecommit = new("update_subnet_precommit", static (d, c, t) => d.UpdateSubnetPrecommitAsync(c, t), DispatchMode.StopOnFirstFailure, (JournalResourceType.Subnet, JournalOperation.Update));
    public static readonly MechanismHook<SubnetContext> UpdateSubnetPostcommit = new("update_subnet_postcommit", static (d, c, t) => d.UpdateSubnetPostcommitAsync(c, t), DispatchMode.CallAllThenThrow);
    public static readonly MechanismHook<SubnetContext> DeleteSubnetPrecommit = new("delete_subnet_precommit", static (d, c, t) => d.DeleteSubnetPrecommitAsync(c, t), DispatchMode.StopOnFirstFailure, (JournalResourceType.Subnet, JournalOperation.Delete));
    public static readonly MechanismHook<SubnetContext> DeleteSubnetPostcommit = new("delete_subnet_postcommit", static (d, c, t) => d.DeleteSubnetPostcommitAsync(c, t), DispatchMode.CallAllThenLog);

    public static readonly MechanismHook<PortContext> CreatePortPrecommit = new("create_port_precommit", static (d, c, t) => d.CreatePortPrecommitAsync(c, t), DispatchMode.StopOnFirstFailure, (JournalResourceType.Port, JournalOperation.Create));
    public static readonly MechanismHook<PortContext> CreatePortPostcommit = new("create_port_postcommit", static (d, c, t) => d.CreatePortPostcommitAsync(c, t), DispatchMode.StopOnFirstFailure);
    public static readonly MechanismHook<PortContext> UpdatePortPrecommit = new("update_port_precommit", static (d, c, t) => d.UpdatePortPrecommitAsync(c, t), DispatchMode.StopOnFirstFailure, (JournalResourceType.Port, JournalOperation.Update));
    public static readonly MechanismHook<PortContext> UpdatePortPostcommit = new("update_port_postcommit", static (d, c, t) => d.UpdatePortPostcommitAsync(c, t), DispatchMode.CallAllThenLog);
    public static readonly MechanismHook<PortContext> DeletePortPrecommit = new("delete_port_precommit", static (d, c, t) => d.DeletePortPrecommitAsync(c, t), DispatchMode.StopOnFirstFailure, (JournalResourceType.Port, JournalOperation.Delete));
    public static readonly MechanismHook<PortContext> DeletePortPostcommit = new("delete_port_postcommit", static (d, c, t) => d.DeletePortPostcommitAsync(c, t), DispatchMode.CallAllThenLog);
}
