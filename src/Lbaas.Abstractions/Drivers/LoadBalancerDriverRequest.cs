namespace Lbaas;

/// <summary>One operation for a load-balancer driver: the device, the load balancer, and the object created, changed or deleted.</summary>
/// <typeparam name="T">The object type (load balancer, listener, pool, member, health monitor).</typeparam>
/// <param name="Device">The device to configure (with its credentials).</param>
/// <param name="LoadBalancer">The load balancer the object belongs to.</param>
/// <param name="Current">The object as it should be (as it was, for deletes).</param>
/// <param name="Original">The object before an update; null otherwise.</param>
public sealed record LoadBalancerDriverRequest<T>(Device Device, LoadBalancer LoadBalancer, T Current, T? Original = null)
    where T : class;
