using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Core.Tests.Placement.Support;

/// <summary>A provider catalog over a fixed map of provider name to driver (null: a provider without driver).</summary>
internal sealed class FakeProviderCatalog(IReadOnlyDictionary<string, ILoadBalancerDriver?> providers) : IProviderCatalog
{
    public FakeProviderCatalog(params string[] providers)
        : this(providers.ToDictionary(p => p, _ => (ILoadBalancerDriver?)null, StringComparer.OrdinalIgnoreCase))
    {
    }

    public bool Exists(string provider) => providers.ContainsKey(provider);

    public ILoadBalancerDriver? DriverOf(string provider) => providers.TryGetValue(provider, out var driver) ? driver : null;
}
