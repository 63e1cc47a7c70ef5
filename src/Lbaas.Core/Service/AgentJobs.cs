using Lbaas.Agents;

namespace Lbaas.Service;

/// <summary>
/// Turns one user-visible change into one job for the agents: an operation per device of the load balancer, handed to
/// the <see cref="AgentDispatcher"/>. A load balancer on no device (its wiring failed) completes at once.
/// </summary>
internal sealed class AgentJobs(AgentDispatcher dispatcher, TimeProvider time)
{
    /// <summary>Submits the change of <paramref name="current"/> (before: <paramref name="original"/>) on every device of <paramref name="lb"/>.</summary>
    public ValueTask SubmitAsync<T>(AgentOperationAction action, LoadBalancer lb, T current, T? original, string objectId, CancellationToken cancellationToken)
        where T : class
    {
        var operations = new List<AgentOperation>(lb.DeviceIds.Count);
        foreach (var deviceId in lb.DeviceIds)
        {
            operations.Add(new AgentOperation<T>
            {
                Id = LbaasIds.New(time),
                Action = action,
                Provider = lb.Provider,
                DeviceId = deviceId,
                LoadBalancer = lb,
                Current = current,
                Original = original,
            });
        }

        var job = new OperationJob(action, AgentOperation<T>.TypeOfObject, objectId, lb, operations.Count);
        return dispatcher.SubmitAsync(job, operations, cancellationToken);
    }
}
