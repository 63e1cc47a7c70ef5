namespace Lbaas.Providers;

/// <summary>A configured provider (Neutron's service provider): a name users pick, mapped to a load-balancer driver.</summary>
/// <param name="Name">The provider name, lower-cased (names are case-insensitive, as in Neutron).</param>
/// <param name="DriverName">The <see cref="Lbaas.ILoadBalancerDriver.Name"/> of its driver.</param>
/// <param name="IsDefault">Whether load balancers created without a provider or flavor use it.</param>
public sealed record LoadBalancerProvider(string Name, string DriverName, bool IsDefault);
