using Lbaas;

namespace Lbaas.Agents;

/// <summary>Calls the driver method that matches an operation's object type and action.</summary>
internal static class DriverInvoker
{
    public static ValueTask InvokeAsync(ILoadBalancerDriver driver, Device device, AgentOperation operation, CancellationToken cancellationToken) =>
        operation switch
        {
            AgentOperation<LoadBalancer> op => op.Action switch
            {
                AgentOperationAction.Create => driver.CreateLoadBalancerAsync(Request(device, op), cancellationToken),
                AgentOperationAction.Update => driver.UpdateLoadBalancerAsync(Request(device, op), cancellationToken),
                _ => driver.DeleteLoadBalancerAsync(Request(device, op), cancellationToken),
            },
            AgentOperation<Listener> op => op.Action switch
            {
                AgentOperationAction.Create => driver.CreateListenerAsync(Request(device, op), cancellationToken),
                AgentOperationAction.Update => driver.UpdateListenerAsync(Request(device, op), cancellationToken),
                _ => driver.DeleteListenerAsync(Request(device, op), cancellationToken),
            },
            AgentOperation<LoadBalancerPool> op => op.Action switch
            {
                AgentOperationAction.Create => driver.CreatePoolAsync(Request(device, op), cancellationToken),
                AgentOperationAction.Update => driver.UpdatePoolAsync(Request(device, op), cancellationToken),
                _ => driver.DeletePoolAsync(Request(device, op), cancellationToken),
            },
            AgentOperation<Member> op => op.Action switch
            {
                AgentOperationAction.Create => driver.CreateMemberAsync(Request(device, op), cancellationToken),
                AgentOperationAction.Update => driver.UpdateMemberAsync(Request(device, op), cancellationToken),
                _ => driver.DeleteMemberAsync(Request(device, op), cancellationToken),
            },
            AgentOperation<HealthMonitor> op => op.Action switch
            {
                AgentOperationAction.Create => driver.CreateHealthMonitorAsync(Request(device, op), cancellationToken),
                AgentOperationAction.Update => driver.UpdateHealthMonitorAsync(Request(device, op), cancellationToken),
                _ => driver.DeleteHealthMonitorAsync(Request(device, op), cancellationToken),
            },
            _ => throw new NotSupportedException($"Operation {operation.Id} has an unsupported object type {operation.ObjectType}."),
        };

    private static LoadBalancerDriverRequest<T> Request<T>(Device device, AgentOperation<T> operation)
        where T : class => new(device, operation.LoadBalancer, operation.Current, operation.Original);
}
