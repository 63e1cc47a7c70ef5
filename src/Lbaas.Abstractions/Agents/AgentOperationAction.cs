namespace Lbaas.Agents;

/// <summary>What an agent operation does to its object on the device.</summary>
public enum AgentOperationAction
{
    /// <summary>Create it.</summary>
    Create,

    /// <summary>Update it (the operation carries the original too).</summary>
    Update,

    /// <summary>Delete it (a load balancer delete removes everything under it from the device).</summary>
    Delete,
}
