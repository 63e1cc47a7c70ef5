using System.Collections.Frozen;
using Lbaas.Configuration;
using Lbaas.Devices;
using Microsoft.Extensions.Options;
using Lbaas;

namespace Lbaas.Providers;

/// <summary>
/// The configured providers and flavors, with each provider's driver: built once from <see cref="LbaasOptions"/> and
/// the registered <see cref="ILoadBalancerDriver"/>s. Provider names are case-insensitive.
/// </summary>
internal sealed class ProviderCatalog : IProviderCatalog
{
    private readonly FrozenDictionary<string, LoadBalancerProvider> _providers;
    private readonly FrozenDictionary<string, ILoadBalancerDriver> _drivers;
    private readonly FrozenDictionary<string, LoadBalancerFlavor> _flavors;

    public ProviderCatalog(IOptions<LbaasOptions> options, IEnumerable<ILoadBalancerDriver> drivers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(drivers);
        var registered = drivers.Distinct().ToList();
        var configuration = ProviderConfiguration.Build(options.Value, registered);
        if (configuration.Errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(LbaasOptions), configuration.Errors);
        }

        var byDriverName = registered.ToDictionary(d => d.Name, StringComparer.Ordinal);
        Providers = configuration.Providers;
        Flavors = configuration.Flavors;
        Default = configuration.Providers.Single(p => p.IsDefault);
        _providers = configuration.Providers.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
        _drivers = configuration.Providers.ToFrozenDictionary(p => p.Name, p => byDriverName[p.DriverName], StringComparer.Ordinal);
        _flavors = configuration.Flavors.ToFrozenDictionary(f => f.Id, StringComparer.Ordinal);
    }

    /// <summary>Every provider, in configuration order.</summary>
    public IReadOnlyList<LoadBalancerProvider> Providers { get; }

    /// <summary>Every flavor, in configuration order.</summary>
    public IReadOnlyList<LoadBalancerFlavor> Flavors { get; }

    /// <summary>The default provider.</summary>
    public LoadBalancerProvider Default { get; }

    /// <summary>Whether <paramref name="provider"/> is configured (case-insensitive).</summary>
    public bool Exists(string provider) => provider is not null && _providers.ContainsKey(ServiceProviderParser.Normalize(provider));

    /// <summary>The driver of <paramref name="provider"/>, or null when the provider is not configured.</summary>
    public ILoadBalancerDriver? DriverOf(string provider) =>
        provider is not null && _drivers.TryGetValue(ServiceProviderParser.Normalize(provider), out var driver) ? driver : null;

    /// <summary>The provider named <paramref name="provider"/>, or null.</summary>
    public LoadBalancerProvider? Find(string provider) =>
        provider is not null && _providers.TryGetValue(ServiceProviderParser.Normalize(provider), out var found) ? found : null;

    /// <summary>The flavor with id <paramref name="flavorId"/>, or null.</summary>
    public LoadBalancerFlavor? FindFlavor(string flavorId) =>
        flavorId is not null && _flavors.TryGetValue(flavorId, out var flavor) ? flavor : null;
}
