using Lbaas;

namespace Lbaas.Agents;

/// <summary>
/// One user-visible change (create, update or delete of one object) and the agent operations that realise it, one per
/// device of the load balancer. It completes when every operation has reported: succeeded when all succeeded.
/// </summary>
internal sealed class OperationJob
{
    private readonly List<string> _errors = [];

    public OperationJob(AgentOperationAction action, LoadBalancerObjectType objectType, string objectId, LoadBalancer loadBalancer, int operationCount)
    {
        Action = action;
        ObjectType = objectType;
        ObjectId = objectId;
        LoadBalancer = loadBalancer;
        Remaining = operationCount;
    }

    /// <summary>Create, update or delete.</summary>
    public AgentOperationAction Action { get; }

    /// <summary>The kind of object changed.</summary>
    public LoadBalancerObjectType ObjectType { get; }

    /// <summary>The object changed.</summary>
    public string ObjectId { get; }

    /// <summary>The load balancer as it was when the job was submitted.</summary>
    public LoadBalancer LoadBalancer { get; }

    /// <summary>The load balancer's id.</summary>
    public string LoadBalancerId => LoadBalancer.Id;

    /// <summary>Operations that have not reported yet.</summary>
    public int Remaining { get; private set; }

    /// <summary>Where the job is.</summary>
    public OperationJobState State { get; set; }

    /// <summary>Whether every operation reported success so far.</summary>
    public bool Succeeded => _errors.Count == 0;

    /// <summary>The driver errors, in report order.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Records one operation's outcome.</summary>
    /// <returns>Whether that was the last outstanding operation.</returns>
    public bool Record(bool succeeded, string? error)
    {
        if (!succeeded)
        {
            _errors.Add(string.IsNullOrWhiteSpace(error) ? "unknown error" : error);
        }

        Remaining--;
        return Remaining <= 0;
    }
}
