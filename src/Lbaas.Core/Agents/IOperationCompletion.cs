namespace Lbaas.Agents;

/// <summary>Applies the outcome of a finished job to the load-balancer state (implemented by the service's status reporter).</summary>
internal interface IOperationCompletion
{
    /// <summary>Applies a job's outcome: ACTIVE or ERROR, or removal after a delete.</summary>
    /// <param name="job">The finished job (<see cref="OperationJob.Succeeded"/> and <see cref="OperationJob.Errors"/> say how it went).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the outcome is applied.</returns>
    ValueTask CompleteAsync(OperationJob job, CancellationToken cancellationToken);
}
