namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures the ML2 plugin: drivers, store and randomness. Returned by <c>AddMl2</c>.</summary>
public interface IMl2Builder
{
    /// <summary>The service collection the plugin is registered in.</summary>
    IServiceCollection Services { get; }
}
