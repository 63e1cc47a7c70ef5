namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures LBaaS: load-balancer drivers, placement policies, device provisioners, the agent transport. Returned by <c>AddLbaas</c>.</summary>
public interface ILbaasBuilder
{
    /// <summary>The service collection LBaaS is registered in.</summary>
    IServiceCollection Services { get; }
}
