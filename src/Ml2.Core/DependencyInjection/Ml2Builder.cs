namespace Microsoft.Extensions.DependencyInjection;

internal sealed class Ml2Builder(IServiceCollection services) : IMl2Builder
{
    public IServiceCollection Services { get; } = services;
}
