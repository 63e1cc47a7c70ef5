using Lbaas;

namespace Lbaas.Agents;

/// <summary>An agent operation on one object.</summary>
/// <typeparam name="T"><see cref="LoadBalancer"/>, <see cref="Listener"/>, <see cref="LoadBalancerPool"/>, <see cref="Member"/> or <see cref="HealthMonitor"/>.</typeparam>
public sealed record AgentOperation<T> : AgentOperation
    where T : class
{
    private static readonly LoadBalancerObjectType s_objectType = typeof(T) switch
    {
        var t when t == typeof(LoadBalancer) => LoadBalancerObjectType.LoadBalancer,
        var t when t == typeof(Listener) => LoadBalancerObjectType.Listener,
        var t when t == typeof(LoadBalancerPool) => LoadBalancerObjectType.Pool,
        var t when t == typeof(Member) => LoadBalancerObjectType.Member,
        var t when t == typeof(HealthMonitor) => LoadBalancerObjectType.HealthMonitor,
        _ => (LoadBalancerObjectType)(-1),
    };

    /// <summary>Creates an operation.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a load-balancer object type.</exception>
    public AgentOperation()
    {
        if ((int)s_objectType < 0)
        {
            throw new NotSupportedException($"{typeof(T).Name} is not a load-balancer object.");
        }
    }

    /// <summary>The object as it should be (as it was, for a delete).</summary>
    public required T Current { get; init; }

    /// <summary>The object before an update; null otherwise.</summary>
    public T? Original { get; init; }

    /// <inheritdoc />
    public override LoadBalancerObjectType ObjectType => s_objectType;

    /// <summary>The object type of <typeparamref name="T"/>.</summary>
    internal static LoadBalancerObjectType TypeOfObject => s_objectType;

    /// <inheritdoc />
    public override string ObjectId => Current switch
    {
        LoadBalancer lb => lb.Id,
        Listener listener => listener.Id,
        LoadBalancerPool pool => pool.Id,
        Member member => member.Id,
        HealthMonitor monitor => monitor.Id,
        _ => "",
    };
}
