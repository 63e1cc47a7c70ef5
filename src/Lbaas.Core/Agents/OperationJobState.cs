namespace Lbaas.Agents;

/// <summary>Where an <see cref="OperationJob"/> is.</summary>
internal enum OperationJobState
{
    /// <summary>Operations are outstanding.</summary>
    Pending,

    /// <summary>Every operation reported; the status is being applied.</summary>
    Completing,

    /// <summary>Done: the status was applied, or the job was abandoned.</summary>
    Done,
}
