namespace Lbaas.Agents;

/// <summary>An operation the <see cref="OperationLedger"/> waits on: sent to an agent, or parked until one is live.</summary>
internal sealed class OutstandingOperation(AgentOperation operation, OperationJob job, long sequence)
{
    /// <summary>The operation.</summary>
    public AgentOperation Operation { get; } = operation;

    /// <summary>The job it belongs to.</summary>
    public OperationJob Job { get; } = job;

    /// <summary>Submission order: operations moved after an agent's death are sent again in this order.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The agent it was sent to, or null while parked (no live agent) or being moved.</summary>
    public string? AgentId { get; set; }

    /// <summary>How many times it was handed to an agent.</summary>
    public int Attempts { get; set; }
}
